import type { Database } from "../db/database";

/** Asia/Shanghai keeps UTC+8 all year (no daylight saving), so a fixed offset gives its calendar day. */
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

export interface EffectiveRecordDay {
  repUserid: string;
  /** The calendar day in Asia/Shanghai, YYYY-MM-DD. */
  day: string;
  /** Interactions tied to a customer and carrying at least one extracted signal. */
  effective: number;
  /** Every interaction the rep logged that day, for the ratio. */
  total: number;
}

/**
 * Effective records per rep per day between `from` (inclusive) and `to` (exclusive), for dashboards
 * and digests. Counted in SQL, grouped by the Shanghai day number, so it stays cheap on a big table.
 */
export async function effectiveRecordsPerDay(
  db: Database,
  range: { from: Date; to: Date; repUserid?: string },
): Promise<EffectiveRecordDay[]> {
  const p = (n: number) => db.param(n);
  const params: unknown[] = [range.from.getTime(), range.to.getTime()];
  let rep = "";
  if (range.repUserid) {
    params.push(range.repUserid);
    rep = ` AND "repUserid" = ${p(3)}`;
  }
  // The offset and day length are constants written into the SQL: SQLite binds `?` by position,
  // so a parameter cannot be used twice.
  const dayNumber = `("occurredAt" + ${SHANGHAI_OFFSET_MS}) / ${DAY_MS}`;
  const rows = await db.rows<{
    repUserid: string;
    dayNumber: string | number;
    effective: string | number;
    total: string | number;
  }>(
    `SELECT "repUserid", ${dayNumber} AS "dayNumber", ` +
      `SUM(CASE WHEN "customerId" IS NOT NULL AND "status" = 'logged' AND "signalCount" > 0 ` +
      `THEN 1 ELSE 0 END) AS "effective", COUNT(*) AS "total" ` +
      `FROM "interaction" WHERE "occurredAt" >= ${p(1)} AND "occurredAt" < ${p(2)}${rep} ` +
      `GROUP BY 1, 2 ORDER BY 1, 2`,
    params,
  );

  return rows.map((row) => ({
    repUserid: row.repUserid,
    day: new Date(Number(row.dayNumber) * DAY_MS).toISOString().slice(0, 10),
    effective: Number(row.effective),
    total: Number(row.total),
  }));
}

import type { Database } from "../db/database";

/** The slot a run belongs to: its scheduled minute, so 08:30:00.004 and 08:30:00.950 are one slot. */
export function slotOf(at: Date): string {
  return new Date(Math.floor(at.getTime() / 60_000) * 60_000).toISOString();
}

/**
 * Claims a job's slot for this process: true for the first process to ask, false for every other
 * (on a shared PostgreSQL, several Beat processes reach 08:30 together and one digest must go out).
 */
export async function claimJobSlot(
  db: Database,
  job: string,
  at: Date,
  now: Date,
): Promise<boolean> {
  const p = (n: number) => db.param(n);
  const rows = await db.rows(
    `INSERT INTO "job_run" ("job", "slot", "startedAt") VALUES (${p(1)}, ${p(2)}, ${p(3)}) ` +
      `ON CONFLICT ("job", "slot") DO NOTHING RETURNING "id"`,
    [job, slotOf(at), now.getTime()],
  );

  return rows.length > 0;
}

/** Notes how a claimed run ended, with its counts, for whoever looks at job_run. */
export async function finishJobSlot(
  db: Database,
  job: string,
  at: Date,
  now: Date,
  counts: Record<string, number>,
): Promise<void> {
  const p = (n: number) => db.param(n);
  await db.rows(
    `UPDATE "job_run" SET "finishedAt" = ${p(1)}, "counts" = ${p(2)} WHERE "job" = ${p(3)} AND "slot" = ${p(4)}`,
    [now.getTime(), JSON.stringify(counts), job, slotOf(at)],
  );
}

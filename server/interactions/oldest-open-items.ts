import type { CoreDeps } from "../core-deps";

export interface OpenItem {
  kind: "demand" | "objection";
  customerId: number;
  customerName: string;
  /** The demand's label (报价, 样品 …) or the objection's category. */
  what: string;
  phrase: string;
  since: Date;
}

/**
 * The oldest open demands and objections on a rep's customers (those they own, and those they logged
 * on), for 今天 until red dots exist.
 */
export async function oldestOpenItems(
  deps: CoreDeps,
  repUserid: string,
  limit = 3,
): Promise<OpenItem[]> {
  const p = (n: number) => deps.db.param(n);
  // Customers this rep owns or has logged on; written once per query, as SQLite binds `?` by position.
  const mine = (n: number) =>
    `(SELECT "id" FROM "customer" WHERE "ownerUserid" = ${p(n)} ` +
    `UNION SELECT "customerId" FROM "interaction" WHERE "repUserid" = ${p(n + 1)} AND "customerId" IS NOT NULL)`;
  const rows = await deps.db.rows<{
    kind: "demand" | "objection";
    customerId: number;
    customerName: string;
    what: string;
    phrase: string;
    since: string | number;
  }>(
    `SELECT * FROM (` +
      `SELECT 'demand' AS "kind", d."customerId", c."name" AS "customerName", d."label" AS "what", ` +
      `d."phrase", d."raisedAt" AS "since" FROM "demand" d JOIN "customer" c ON c."id" = d."customerId" ` +
      `WHERE d."answeredAt" IS NULL AND d."customerId" IN ${mine(1)} ` +
      `UNION ALL ` +
      `SELECT 'objection' AS "kind", o."customerId", c."name" AS "customerName", o."category" AS "what", ` +
      `o."phrase", o."raisedAt" AS "since" FROM "objection" o JOIN "customer" c ON c."id" = o."customerId" ` +
      `WHERE o."closedAt" IS NULL AND o."customerId" IN ${mine(3)}` +
      `) AS open_items ORDER BY "since" ASC LIMIT ${Math.max(1, Math.floor(limit))}`,
    [repUserid, repUserid, repUserid, repUserid],
  );

  return rows.map((row) => ({
    ...row,
    customerId: Number(row.customerId),
    since: new Date(Number(row.since)),
  }));
}

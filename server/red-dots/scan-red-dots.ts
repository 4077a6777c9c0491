import { IsNull } from "typeorm";
import type { CoreDeps } from "../core-deps";
import { RedDot, type RedDotRule } from "../db/entities/red-dot.entity";
import { DEFAULT_RULES } from "../rule-settings";
import { managerItems } from "./manager-items";
import { RECORD_RULES, type Violation } from "./red-dot-rules";

/** Rows written or closed per statement: bounds statement size on a big first scan. */
const CHUNK = 500;

export interface ScanCounts {
  opened: number;
  closed: number;
  open: number;
}

/**
 * Brings the red dots in line with the record: every rule's current violations are compared with the
 * open red dots of that rule; new ones open, gone ones close. Closing is the rule's business alone:
 * nobody taps a red dot away, the condition behind it has to go.
 */
export async function scanRedDots(deps: CoreDeps, now: Date): Promise<ScanCounts> {
  const settings = (deps.rules ?? DEFAULT_RULES).redDots;
  const manager = deps.db.dataSource.manager;
  const ctx = { manager, now, settings, p: (n: number) => deps.db.param(n) };
  const counts: ScanCounts = { opened: 0, closed: 0, open: 0 };
  for (const { rule, find } of RECORD_RULES) {
    const result = await reconcile(deps, rule, await find(ctx), now);
    counts.opened += result.opened;
    counts.closed += result.closed;
    counts.open += result.open;
  }
  // Manager items read the rep-level red dots just written, so they come last.
  for (const [rule, violations] of await managerItems(deps, now)) {
    const result = await reconcile(deps, rule, violations, now);
    counts.opened += result.opened;
    counts.closed += result.closed;
    counts.open += result.open;
  }

  return counts;
}

async function reconcile(
  deps: CoreDeps,
  rule: RedDotRule,
  violations: Violation[],
  now: Date,
): Promise<ScanCounts> {
  const repo = deps.db.dataSource.getRepository(RedDot);
  const open = await repo.find({
    where: { rule, closedAt: IsNull() },
    select: { id: true, subject: true },
  });
  const openSubjects = new Set(open.map((d) => d.subject));
  const current = new Map(violations.map((v) => [v.subject, v]));
  const toOpen = [...current.values()].filter((v) => !openSubjects.has(v.subject));
  const toClose = open.filter((d) => !current.has(d.subject)).map((d) => d.id);
  let opened = 0;
  for (let i = 0; i < toOpen.length; i += CHUNK) {
    opened += await insertOpen(deps, rule, toOpen.slice(i, i + CHUNK), now);
  }
  for (let i = 0; i < toClose.length; i += CHUNK) {
    const ids = toClose.slice(i, i + CHUNK);
    await deps.db.rows(
      `UPDATE "red_dot" SET "closedAt" = ${deps.db.param(1)} WHERE "id" IN (${ids
        .map((_, j) => deps.db.param(j + 2))
        .join(", ")}) AND "closedAt" IS NULL`,
      [now.getTime(), ...ids],
    );
  }

  return { opened, closed: toClose.length, open: current.size };
}

/**
 * Inserts red dots for new violations. ON CONFLICT against the partial unique index: another process
 * scanning at the same moment may have opened the same red dot, and then this one is not.
 */
async function insertOpen(
  deps: CoreDeps,
  rule: RedDotRule,
  batch: Violation[],
  now: Date,
): Promise<number> {
  const p = (n: number) => deps.db.param(n);
  const columns = 11;
  const rows = batch.map((_, i) => {
    const b = i * columns;
    return `(${Array.from({ length: columns }, (__, k) => p(b + k + 1)).join(", ")}, NULL)`;
  });
  const params = batch.flatMap((v) => [
    rule,
    v.subject,
    v.ownerUserid,
    v.customerId,
    v.opportunityId,
    now.getTime(),
    v.overdueSince.getTime(),
    JSON.stringify(v.facts),
    v.closeHint.slice(0, 200),
    v.valueFen,
    deps.db.kind === "sqlite" ? (v.keyCustomer ? 1 : 0) : v.keyCustomer,
  ]);
  const inserted = await deps.db.rows(
    `INSERT INTO "red_dot" ("rule", "subject", "ownerUserid", "customerId", "opportunityId", "openedAt", ` +
      `"overdueSince", "facts", "closeHint", "valueFen", "keyCustomer", "closedAt") VALUES ${rows.join(", ")} ` +
      `ON CONFLICT ("rule", "subject") WHERE "closedAt" IS NULL DO NOTHING RETURNING "id"`,
    params,
  );

  return inserted.length;
}

import { type EntityManager, IsNull } from "typeorm";
import type { CoreDeps } from "../core-deps";
import { RedDot, type RedDotRule } from "../db/entities/red-dot.entity";
import type { RepHealth } from "../health/contact-health";
import { DEFAULT_RULES } from "../rule-settings";
import { managerItems } from "./manager-items";
import { RECORD_RULES, type Violation } from "./red-dot-rules";

/** Rows written or closed per statement: 2,000 × 11 parameters stays under SQLite's 32,766. */
const CHUNK = 2000;

export interface ScanCounts {
  opened: number;
  closed: number;
  open: number;
}

type OpenDot = Pick<
  RedDot,
  "id" | "subject" | "overdueSince" | "facts" | "closeHint" | "valueFen" | "keyCustomer"
>;

export interface ScanResult extends ScanCounts {
  /** The contact health the manager items were read from, for a digest that follows the scan. */
  health: RepHealth[];
}

/**
 * Brings the red dots in line with the record: every rule's current violations are compared with the
 * open red dots of that rule; new ones open, gone ones close, and those still open take the facts of
 * this evaluation (the figure now, how late now), keeping when they opened. Closing is the rule's
 * business alone: nobody taps a red dot away, the condition behind it has to go.
 */
export async function scanRedDots(deps: CoreDeps, now: Date): Promise<ScanResult> {
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
  const { items, health } = await managerItems(deps, now);
  for (const [rule, violations] of items) {
    const result = await reconcile(deps, rule, violations, now);
    counts.opened += result.opened;
    counts.closed += result.closed;
    counts.open += result.open;
  }

  return { ...counts, health };
}

async function reconcile(
  deps: CoreDeps,
  rule: RedDotRule,
  violations: Violation[],
  now: Date,
): Promise<ScanCounts> {
  const repo = deps.db.dataSource.getRepository(RedDot);
  const open: OpenDot[] = await repo.find({
    where: { rule, closedAt: IsNull() },
    select: {
      id: true,
      subject: true,
      overdueSince: true,
      facts: true,
      closeHint: true,
      valueFen: true,
      keyCustomer: true,
    },
  });
  const openSubjects = new Set(open.map((d) => d.subject));
  const current = new Map(violations.map((v) => [v.subject, v]));
  const toOpen = [...current.values()].filter((v) => !openSubjects.has(v.subject));
  const toClose = open.filter((d) => !current.has(d.subject)).map((d) => d.id);
  const toRefresh = open.flatMap((dot) => {
    const violation = current.get(dot.subject);
    return violation && isStale(dot, violation) ? [{ id: dot.id, violation }] : [];
  });
  // One transaction per rule: a first scan of a big team writes a hundred thousand rows, and one
  // commit instead of one per statement is most of what that costs on SQLite.
  const opened = await deps.db.transaction(async (tx) => {
    let written = 0;
    for (let i = 0; i < toOpen.length; i += CHUNK) {
      written += await insertOpen(deps, rule, toOpen.slice(i, i + CHUNK), now, tx);
    }
    for (let i = 0; i < toClose.length; i += CHUNK) {
      const ids = toClose.slice(i, i + CHUNK);
      await deps.db.rows(
        `UPDATE "red_dot" SET "closedAt" = ${deps.db.param(1)} WHERE "id" IN (${ids
          .map((_, j) => deps.db.param(j + 2))
          .join(", ")}) AND "closedAt" IS NULL`,
        [now.getTime(), ...ids],
        tx,
      );
    }
    // One statement per changed red dot: most keep their facts from one scan to the next (a demand's
    // words do not change), so only the few that moved (a health figure, a status) are written.
    for (const { id, violation } of toRefresh) {
      await refresh(deps, id, violation, tx);
    }
    return written;
  });

  return { opened, closed: toClose.length, open: current.size };
}

/** Written as it is stored, so that facts read back compare equal to the same facts built again. */
const stored = (v: Violation) => ({
  facts: JSON.stringify(v.facts),
  closeHint: v.closeHint.slice(0, 200),
});

/** Whether an open red dot says something other than what its rule finds now. */
function isStale(dot: OpenDot, v: Violation): boolean {
  const now = stored(v);

  return (
    JSON.stringify(dot.facts) !== now.facts ||
    dot.closeHint !== now.closeHint ||
    dot.valueFen !== v.valueFen ||
    Boolean(dot.keyCustomer) !== v.keyCustomer ||
    (v.overdueSince !== null && dot.overdueSince.getTime() !== v.overdueSince.getTime())
  );
}

/** Gives an open red dot its rule's current facts; when it opened is left as it was. */
async function refresh(deps: CoreDeps, id: number, v: Violation, tx: EntityManager): Promise<void> {
  const p = (n: number) => deps.db.param(n);
  const { facts, closeHint } = stored(v);
  // A null overdueSince means "overdue since it opened", which a refresh must not move.
  const overdue = v.overdueSince === null ? [] : [v.overdueSince.getTime()];
  const params = [
    facts,
    closeHint,
    v.valueFen,
    deps.db.kind === "sqlite" ? (v.keyCustomer ? 1 : 0) : v.keyCustomer,
    ...overdue,
    id,
  ];

  await deps.db.rows(
    `UPDATE "red_dot" SET "facts" = ${p(1)}, "closeHint" = ${p(2)}, "valueFen" = ${p(3)}, ` +
      `"keyCustomer" = ${p(4)}${overdue.length ? `, "overdueSince" = ${p(5)}` : ""} ` +
      `WHERE "id" = ${p(params.length)} AND "closedAt" IS NULL`,
    params,
    tx,
  );
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
  tx: EntityManager,
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
    (v.overdueSince ?? now).getTime(),
    stored(v).facts,
    stored(v).closeHint,
    v.valueFen,
    deps.db.kind === "sqlite" ? (v.keyCustomer ? 1 : 0) : v.keyCustomer,
  ]);
  const inserted = await deps.db.rows(
    `INSERT INTO "red_dot" ("rule", "subject", "ownerUserid", "customerId", "opportunityId", "openedAt", ` +
      `"overdueSince", "facts", "closeHint", "valueFen", "keyCustomer", "closedAt") VALUES ${rows.join(", ")} ` +
      `ON CONFLICT ("rule", "subject") WHERE "closedAt" IS NULL DO NOTHING RETURNING "id"`,
    params,
    tx,
  );

  return inserted.length;
}

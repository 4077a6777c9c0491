import type { EntityManager } from "typeorm";
import type { RedDotRule } from "../db/entities/red-dot.entity";
import type { RuleSettings } from "../rule-settings";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** One subject a rule finds overdue right now. */
export interface Violation {
  subject: string;
  ownerUserid: string;
  customerId: number | null;
  opportunityId: number | null;
  /** Null for an item overdue from the moment it opens (a manager item): a refresh leaves it be. */
  overdueSince: Date | null;
  facts: Record<string, unknown>;
  closeHint: string;
  valueFen: number | null;
  keyCustomer: boolean;
}

export interface RuleContext {
  manager: EntityManager;
  /** The n-th placeholder in this database's dialect ($n or ?). */
  p: (n: number) => string;
  now: Date;
  settings: RuleSettings["redDots"];
}

type Row = Record<string, string | number | boolean | null>;
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
const bool = (v: unknown) => v === true || v === 1 || v === "1" || v === "t";
const date = (v: unknown) => new Date(Number(v));

/**
 * The largest open deal on each customer, for ranking red dots that concern the customer rather than
 * one deal (a demand, an objection, a silent key customer).
 */
const DEAL_VALUE = `(SELECT MAX(o."amountFen") FROM "opportunity" o WHERE o."customerId" = c."id" AND o."status" = 'open')`;

async function stageTimeouts({ manager }: RuleContext): Promise<Violation[]> {
  const rows: Row[] = await manager.query(
    `SELECT t."id", t."stageKey", t."dueAt", t."status", o."id" AS "opportunityId", o."name", o."ownerUserid",
       o."amountFen", o."customerId", c."isKey"
     FROM "stage_timeout" t JOIN "opportunity" o ON o."id" = t."opportunityId"
     JOIN "customer" c ON c."id" = o."customerId"
     WHERE t."status" IN ('open', 'extension_requested') AND o."status" = 'open' AND o."stageKey" = t."stageKey"`,
  );

  return rows.map((r) => ({
    subject: `timeout:${r.id}`,
    ownerUserid: String(r.ownerUserid),
    customerId: num(r.customerId),
    opportunityId: num(r.opportunityId),
    overdueSince: date(r.dueAt),
    facts: {
      opportunity: r.name,
      stage: r.stageKey,
      dueAt: date(r.dueAt).toISOString(),
      status: r.status,
    },
    closeHint: "补上这个阶段缺的资料，或者往下推一步",
    valueFen: num(r.amountFen),
    keyCustomer: bool(r.isKey),
  }));
}

/** A demand or an objection on a customer: the same rule over two tables, in other words. */
interface OpenItemKind {
  table: "demand" | "objection";
  /** The column that names the item (the demand's label, the objection's category) … */
  nameColumn: "label" | "category";
  /** … and the fact it is kept under, for the words of the red dot. */
  fact: "demand" | "category";
  /** Set once the item is dealt with: a first response, a closing action. */
  doneColumn: "answeredAt" | "closedAt";
  hours: number;
  closeHint: string;
}

/** Items still open on a customer `hours` after they were raised. */
async function openItemsPastLimit(
  { manager, now, p }: RuleContext,
  kind: OpenItemKind,
): Promise<Violation[]> {
  const limit = kind.hours * HOUR;
  const rows: Row[] = await manager.query(
    `SELECT x."id", x."${kind.nameColumn}" AS "name", x."phrase", x."raisedAt", c."id" AS "customerId",
       c."name" AS "customer", c."ownerUserid", c."isKey", ${DEAL_VALUE} AS "value"
     FROM "${kind.table}" x JOIN "customer" c ON c."id" = x."customerId"
     WHERE x."${kind.doneColumn}" IS NULL AND x."raisedAt" <= ${p(1)}`,
    [now.getTime() - limit],
  );

  return rows.map((r) => ({
    subject: `${kind.table}:${r.id}`,
    ownerUserid: String(r.ownerUserid),
    customerId: num(r.customerId),
    opportunityId: null,
    overdueSince: new Date(Number(r.raisedAt) + limit),
    facts: {
      customer: r.customer,
      [kind.fact]: r.name,
      phrase: r.phrase,
      raisedAt: date(r.raisedAt).toISOString(),
    },
    closeHint: kind.closeHint,
    valueFen: num(r.value),
    keyCustomer: bool(r.isKey),
  }));
}

function demandsUnanswered(ctx: RuleContext): Promise<Violation[]> {
  return openItemsPastLimit(ctx, {
    table: "demand",
    nameColumn: "label",
    fact: "demand",
    doneColumn: "answeredAt",
    hours: ctx.settings.demandHours,
    closeHint: "先回客户一句：报个价格区间，或者说哪天给方案",
  });
}

function objectionsOpen(ctx: RuleContext): Promise<Violation[]> {
  return openItemsPastLimit(ctx, {
    table: "objection",
    nameColumn: "category",
    fact: "category",
    doneColumn: "closedAt",
    hours: ctx.settings.objectionHours,
    closeHint: "处理：发降价说明、竞品对比或成功案例，发完在这里说一声",
  });
}

async function keyCustomersSilent({
  manager,
  now,
  settings,
  p,
}: RuleContext): Promise<Violation[]> {
  const limit = settings.keySilentDays * DAY;
  const rows: Row[] = await manager.query(
    `SELECT c."id", c."name", c."ownerUserid", c."lastContactAt", c."createdAt", ${DEAL_VALUE} AS "value"
     FROM "customer" c
     WHERE c."isKey" AND COALESCE(c."lastContactAt", c."createdAt") <= ${p(1)}`,
    [now.getTime() - limit],
  );

  return rows.map((r) => {
    const since = Number(r.lastContactAt ?? r.createdAt);
    return {
      subject: `customer:${r.id}`,
      ownerUserid: String(r.ownerUserid),
      customerId: num(r.id),
      opportunityId: null,
      overdueSince: new Date(since + limit),
      facts: {
        customer: r.name,
        lastContactAt: r.lastContactAt === null ? null : date(r.lastContactAt).toISOString(),
      },
      closeHint: "去见一面或打个电话，聊完在这里说一声",
      valueFen: num(r.value),
      keyCustomer: true,
    };
  });
}

async function opportunitiesStale({
  manager,
  now,
  settings,
  p,
}: RuleContext): Promise<Violation[]> {
  const limit = settings.staleDays * DAY;
  const rows: Row[] = await manager.query(
    `SELECT o."id", o."name", o."stageKey", o."ownerUserid", o."amountFen", o."lastActionAt", o."customerId", c."isKey"
     FROM "opportunity" o JOIN "customer" c ON c."id" = o."customerId"
     WHERE o."status" = 'open' AND o."lastActionAt" <= ${p(1)}`,
    [now.getTime() - limit],
  );

  return rows.map((r) => ({
    subject: `opportunity:${r.id}`,
    ownerUserid: String(r.ownerUserid),
    customerId: num(r.customerId),
    opportunityId: num(r.id),
    overdueSince: new Date(Number(r.lastActionAt) + limit),
    facts: {
      opportunity: r.name,
      stage: r.stageKey,
      lastActionAt: date(r.lastActionAt).toISOString(),
    },
    closeHint: "更新一下：补资料、推进，或者结束这个商机",
    valueFen: num(r.amountFen),
    keyCustomer: bool(r.isKey),
  }));
}

async function quotesWaiting({ manager, now, settings, p }: RuleContext): Promise<Violation[]> {
  const limit = settings.quoteHours * HOUR;
  const rows: Row[] = await manager.query(
    `SELECT q."id", q."amountFen", q."submittedAt", q."submittedBy", q."approverUserid", o."id" AS "opportunityId",
       o."name", o."customerId", c."isKey"
     FROM "quote" q JOIN "opportunity" o ON o."id" = q."opportunityId" JOIN "customer" c ON c."id" = o."customerId"
     WHERE q."status" = 'pending' AND q."submittedAt" <= ${p(1)}`,
    [now.getTime() - limit],
  );

  return rows.map((r) => ({
    subject: `quote:${r.id}`,
    ownerUserid: String(r.approverUserid),
    customerId: num(r.customerId),
    opportunityId: num(r.opportunityId),
    overdueSince: new Date(Number(r.submittedAt) + limit),
    facts: {
      opportunity: r.name,
      amountFen: num(r.amountFen),
      submittedBy: r.submittedBy,
      submittedAt: date(r.submittedAt).toISOString(),
    },
    closeHint: "在审批卡片上点批准或拒绝",
    valueFen: num(r.amountFen),
    keyCustomer: bool(r.isKey),
  }));
}

/** The rules that look at the record itself; manager items are derived from their results. */
export const RECORD_RULES: { rule: RedDotRule; find(ctx: RuleContext): Promise<Violation[]> }[] = [
  { rule: "stage_timeout", find: stageTimeouts },
  { rule: "demand_unanswered", find: demandsUnanswered },
  { rule: "objection_open", find: objectionsOpen },
  { rule: "key_customer_silent", find: keyCustomersSilent },
  { rule: "opportunity_stale", find: opportunitiesStale },
  { rule: "quote_approval_waiting", find: quotesWaiting },
];

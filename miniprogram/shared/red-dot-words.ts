import { clip, moneyWords, OBJECTION_WORDS, shanghaiTime } from "./words";

/** A red dot as the server sends it and the digest reads it: rule, facts, and when it is overdue from. */
export interface RedDotFacts {
  rule: string;
  facts: Record<string, unknown>;
  overdueSince: Date | string;
}

export type Metric = "demand_response" | "coverage" | "objection_closure";

export interface HealthFigure {
  metric: Metric;
  value: number | null;
  numerator: number;
  denominator: number;
  target: number;
  colour: "green" | "yellow" | "red" | "none";
}

const DAY = 86_400_000;

export const METRIC_WORDS: Record<Metric, string> = {
  demand_response: "需求24小时响应率",
  coverage: "决策链覆盖率",
  objection_closure: "异议72小时关闭率",
};

const COLOUR_MARK = { green: "🟢", yellow: "🟡", red: "🔴", none: "⚪" } as const;

const percent = (value: number | null) =>
  value === null ? "无数据" : `${Math.round(value * 100)}%`;

/** One health figure in a line: 🟡 需求24小时响应率 78%（目标 85%，18/23）. */
export function figureLine(f: HealthFigure): string {
  const detail = f.denominator > 0 ? `，${f.numerator}/${f.denominator}` : "";

  return `${COLOUR_MARK[f.colour]} ${METRIC_WORDS[f.metric]} ${percent(f.value)}（目标 ${percent(f.target)}${detail}）`;
}

/** How late it is, in the coarsest unit that says it: 逾期3天, 逾期5小时 (已超 read as "over 5 hours old"). */
function late(dot: RedDotFacts, now: Date): string {
  const ms = Math.max(0, now.getTime() - new Date(dot.overdueSince).getTime());

  return ms >= DAY
    ? `逾期${Math.floor(ms / DAY)}天`
    : `逾期${Math.max(1, Math.floor(ms / 3_600_000))}小时`;
}

/** Why a red dot is open, from its facts, in a rep's words. */
export function whyOf(dot: RedDotFacts, now: Date): string {
  const f = dot.facts as Record<string, string | number | null | undefined>;
  const days = (iso: unknown) =>
    iso ? Math.floor((now.getTime() - new Date(String(iso)).getTime()) / DAY) : null;
  switch (dot.rule) {
    case "stage_timeout":
      return `【${f.opportunity}】阶段超时，${shanghaiTime(String(f.dueAt))}到期（${late(dot, now)}）`;
    case "demand_unanswered":
      return `【${f.customer}】需求没回应：${f.demand}「${clip(String(f.phrase ?? ""), 16)}」（${late(dot, now)}）`;
    case "objection_open":
      return `【${f.customer}】异议没处理：${OBJECTION_WORDS[f.category as keyof typeof OBJECTION_WORDS] ?? f.category}「${clip(String(f.phrase ?? ""), 16)}」（${late(dot, now)}）`;
    case "key_customer_silent": {
      const silent = days(f.lastContactAt);
      return `【${f.customer}】重点客户${silent === null ? "一直" : ` ${silent} 天`}没有接触`;
    }
    case "opportunity_stale":
      return `【${f.opportunity}】商机 ${days(f.lastActionAt)} 天没有更新`;
    case "quote_approval_waiting":
      return `【${f.opportunity}】报价等你审批（${moneyWords(Number(f.amountFen))}，${late(dot, now)}）`;
    case "verify_contacts":
      return `${f.repName}近30天已有 ${f.staleCount} 次商机停滞`;
    case "health_red":
      return `${f.repName}的${METRIC_WORDS[f.metric as Metric]}只有 ${percent(Number(f.value))}（目标 ${percent(Number(f.target))}）`;
    default:
      return `${dot.rule}（${late(dot, now)}）`;
  }
}

/** The last three communications of a verify-contacts item, word for word. */
export function verbatimLines(dot: RedDotFacts): string[] {
  const lastThree = (dot.facts.lastThree ?? []) as { at: string; text: string }[];

  return lastThree.map((c) => `   「${c.text}」（${shanghaiTime(c.at)}）`);
}

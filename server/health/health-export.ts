import { stringify } from "csv-stringify/sync";
import { DateTime } from "luxon";
import { BeatError } from "../errors";
import type { RuleSettings } from "../rule-settings";
import type { RepHealth } from "./contact-health";

/** A calendar month in Shanghai, YYYY-MM, as [from, to). */
export function monthRange(month: string): { from: Date; to: Date } {
  const start = DateTime.fromFormat(month, "yyyy-MM", { zone: "Asia/Shanghai" });
  if (!start.isValid || !/^\d{4}-\d{2}$/.test(month)) {
    throw new BeatError("month_invalid", "month must be written YYYY-MM", 400);
  }

  return { from: start.toJSDate(), to: start.plus({ months: 1 }).toJSDate() };
}

/**
 * The part of a month that can be measured at `now`: the whole of a past month, the current one up
 * to now (a demand raised this morning has not yet had its 24 hours, and must not count as missed),
 * and nothing of a month still to come, which is refused.
 */
export function monthSoFar(month: string, now: Date): { from: Date; to: Date } {
  const range = monthRange(month);
  if (range.from.getTime() > now.getTime()) {
    throw new BeatError("month_in_future", `${month} has not started yet`, 400);
  }

  return { from: range.from, to: new Date(Math.min(range.to.getTime(), now.getTime())) };
}

const rate = (value: number | null) => (value === null ? "" : value.toFixed(3));

/**
 * The monthly export for compensation: one row per rep with the three health figures (and what they
 * are made of) and the configured weights, so payroll can apply them without asking Beat again.
 * Starts with a BOM so that Excel on a Chinese Windows opens the names as UTF-8.
 */
export function healthCsv(reps: RepHealth[], weights: RuleSettings["health"]["weights"]): string {
  const rows = reps.map((rep) => {
    const [demand, coverage, objection] = rep.figures;
    return [
      rep.userid,
      rep.name,
      rate(demand?.value ?? null),
      `${demand?.numerator ?? 0}/${demand?.denominator ?? 0}`,
      rate(coverage?.value ?? null),
      rate(objection?.value ?? null),
      `${objection?.numerator ?? 0}/${objection?.denominator ?? 0}`,
      weights.coverage,
      weights.objectionClosure,
    ];
  });

  return `\uFEFF${stringify([
    [
      "rep_userid",
      "rep_name",
      "demand_response_24h",
      "demand_response_counts",
      "decision_chain_coverage",
      "objection_closed_72h",
      "objection_closed_counts",
      "weight_decision_chain_coverage",
      "weight_objection_closure",
    ],
    ...rows,
  ])}`;
}

import type { Commitment } from "../extraction";
import { findDueExpressions } from "./due-expressions";
import type { Lexicon } from "./load-lexicon";
import { type Segment, segmentAt } from "./speech-segments";

/** How far before and after a date its clause is read for a verb or a requirement. */
const REACH = 40;

/**
 * 去了, 见过: what the sentence reports as done (not 过去, 过来: going there); 晚上请采购吃饭，他说… goes on
 * to what was said there, so it happened too.
 */
const DONE = /了|过(?!去|来)|(?:他|她)(?:们)?(?:说|讲|提到|透露)/u;

/** 下周二之前，我说没问题: the clause after a bare date accepts it. */
const ACCEPTED_NEXT = /^[,;]\s*(?:我说|我)?(?:没问题|好的|好|可以|行|ok|一定|放心)/u;

/** 老板出差了下周回来，到时候再来: a later clause takes the date up for a step. */
const TAKEN_UP_NEXT = /^[,;]\s*(?:到时候|届时|那时候?)(?:再|就|我)/u;

const restOfSentence = (text: string, from: number) =>
  text.slice(from, from + REACH).split(/[。!?\n]/u)[0] ?? "";

/**
 * The dated next step someone committed to (我说这周内把中试数据给他, 你今天之内给我个准话), or null.
 * Requirement windows (要周五前送到, 8月25号之前必须完工) and dates with no action after them are not
 * commitments. When several qualify, the last one said is the step the conversation ended on.
 */
export function findCommitment(
  original: string,
  text: string,
  segments: Segment[],
  sentAt: Date,
  lexicon: Lexicon,
): Commitment | null {
  const c = lexicon.commitments;
  let chosen: Commitment | null = null;
  for (const expr of findDueExpressions(text, sentAt, c.todayDue, c.todayPart)) {
    const segment = segmentAt(segments, expr.start);
    if (!segment) {
      continue;
    }
    // The words around the date, as far as its clause goes and no further than a real clause would.
    const lead = text.slice(Math.max(segment.start, expr.start - REACH), expr.start);
    const after = text.slice(expr.end, Math.min(segment.end, expr.end + REACH));
    if (c.requirementBefore.test(lead.slice(-3)) || c.requirementAfter.test(after)) {
      continue;
    }
    if (segment.speaker === "customer" && c.customerRequirementAfter.test(after)) {
      continue;
    }
    const nextClause = text.slice(segment.end, segment.end + 12);
    // 问能不能月底前先送两台样机: asked about, not promised, unless the answer accepts it.
    if (c.questionBefore.test(lead) && !ACCEPTED_NEXT.test(nextClause)) {
      continue;
    }
    if (expr.reportProne && DONE.test(restOfSentence(text, expr.end))) {
      continue;
    }
    // 保证2小时内到场, 一周内就能送到: how fast we always are, a capability rather than a step.
    if (
      expr.due.startsWith("within_") &&
      (c.capabilityBefore.test(lead) || c.capabilityAfter.test(after))
    ) {
      continue;
    }
    // 别家有现货，下周就能送: what another supplier can do is no step anyone here took on.
    if (
      segment.otherFrom !== null &&
      expr.start >= segment.otherFrom &&
      c.capabilityAfter.test(after)
    ) {
      continue;
    }
    // 老板下周回来: a fact about someone else's whereabouts, not a step, unless the next clause pins a
    // step to it (门卫说老板出国了，下周二回来，到时候再来). 明天上午回公司写总结 names no one else.
    const whereabouts = c.factAfter.test(after);
    const takenUp = whereabouts && TAKEN_UP_NEXT.test(nextClause);
    if (whereabouts && c.factSubject.test(lead) && !takenUp) {
      continue;
    }
    // 约了3月18号, 那就下周二吧: fixed by the words around it with no verb after. A bare deadline
    // (下周二之前) counts only when the next clause accepts it (我说没问题).
    const deadlineOnly = lead.trim() === "" && /^(?:之前|以前|前)/u.test(after);
    const bare =
      lead.trim().length <= 4 &&
      c.wholeAnswer.test(after) &&
      (!deadlineOnly || ACCEPTED_NEXT.test(nextClause));
    const fixedBefore = c.actionBefore.test(lead);
    const fixed = fixedBefore || bare || takenUp;
    const verb =
      c.actionVerb.exec(after) ??
      (segment.speaker === "rep" ? c.repDeliveryVerb.exec(after) : null);
    if (!fixed && !verb) {
      continue;
    }
    const end = verb ? expr.end + verb.index + verb[0].length : expr.end;
    chosen = {
      due: expr.due,
      dueAt: expr.dueAt.toISO({ suppressMilliseconds: true }) as string,
      by: segment.speaker,
      ours: fixedBefore || !c.customerStepAfter.test(after),
      evidence: {
        start: expr.start,
        end,
        text: original.slice(expr.start, end),
        rule: "commitment.dated_step",
      },
    };
  }

  return chosen;
}

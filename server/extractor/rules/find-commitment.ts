import type { Commitment } from "../extraction";
import { findDueExpressions } from "./due-expressions";
import type { Lexicon } from "./load-lexicon";
import { type Segment, segmentAt } from "./speech-segments";

/** How far before and after a date its clause is read for a verb or a requirement. */
const REACH = 40;

/** 去了, 见过: what the sentence reports as done. */
const DONE = /了|过/u;

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
    if (expr.reportProne && DONE.test(restOfSentence(text, expr.end))) {
      continue;
    }
    // 约了3月18号, 那就下周二吧: fixed by the words around it even with no verb after.
    const fixed =
      c.actionBefore.test(lead) || (lead.trim().length <= 4 && c.wholeAnswer.test(after));
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

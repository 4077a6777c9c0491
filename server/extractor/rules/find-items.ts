import type { ClosingActionFinding, CompetitorFinding, ItemFinding } from "../extraction";
import type { Lexicon } from "./load-lexicon";
import { type Segment, segmentAt } from "./speech-segments";

/** How far before an item a request cue is looked for (让我们先出个方案): real cues are close. */
const LEAD_REACH = 40;

/**
 * What the customer asked for (让我们先出个方案和参数), what the rep answered with (我说下周把体系文件发给他),
 * and the closing actions taken for objections (竞品对比表, 试用安排). Each kind is listed once.
 */
export function findItems(
  original: string,
  text: string,
  segments: Segment[],
  lexicon: Lexicon,
): { demands: ItemFinding[]; responses: ItemFinding[]; closingActions: ClosingActionFinding[] } {
  const it = lexicon.items;
  const demands = new Map<string, ItemFinding>();
  const responses = new Map<string, ItemFinding>();
  const closingActions = new Map<string, ClosingActionFinding>();
  const evidenceOf = (start: number, word: string, rule: string) => ({
    start,
    end: start + word.length,
    text: original.slice(start, start + word.length),
    rule,
  });

  // Whether a segment reports the rep's answer as given: asked once per segment, so a long one full of
  // items stays linear. The rep quoted speaking to the customer answers by saying it (销售：报价是3.2万);
  // the rep's narration answers only when it says the thing was done (报价发了, 发给李工了). Either way a
  // plan (下周发, 准备发) or a denial (还没发) is no answer yet.
  const answering = new Map<Segment, boolean>();
  const answers = (segment: Segment): boolean => {
    let known = answering.get(segment);
    if (known === undefined) {
      const clause = text.slice(segment.start, segment.end);
      const planned = segment.planned || (it.planCue.test(clause) && !it.doneAnyway.test(clause));
      known =
        !planned &&
        !it.notDoneCue.test(clause) &&
        ((segment.speaker === "rep" && (it.responseCue.test(clause) || it.doneCue.test(clause))) ||
          (segment.speaker === "narrator" && it.doneCue.test(clause)));
      answering.set(segment, known);
    }

    return known;
  };

  // Whether a segment gives the customer a date for the thing (我说下周三前给他报价): a 时间节点, which
  // answers a demand (DESIGN.md: 方案框架/报价区间/时间节点) though it closes no objection.
  const setsTimeNode = (segment: Segment): boolean => {
    const clause = text.slice(segment.start, segment.end);
    return (
      segment.speaker !== "customer" &&
      !it.notDoneCue.test(clause) &&
      // 问能不能月底前先送两台 is the customer asking for a date, not us giving one.
      !it.requestCue.test(clause) &&
      it.timeNodeCue.test(clause) &&
      it.responseCue.test(clause)
    );
  };

  for (const m of text.matchAll(it.words)) {
    const segment = segmentAt(segments, m.index);
    const kind = it.kindOf.get(m[0]);
    if (!segment || !kind) {
      continue;
    }
    const lead = text.slice(Math.max(segment.start, m.index - LEAD_REACH), m.index);
    if (answers(segment) || setsTimeNode(segment)) {
      setOnce(responses, kind.kind, {
        ...kind,
        evidence: evidenceOf(m.index, m[0], `response.${kind.kind}`),
      });
    } else if (segment.speaker !== "rep" && it.requestCue.test(lead)) {
      setOnce(demands, kind.kind, {
        ...kind,
        evidence: evidenceOf(m.index, m[0], `demand.${kind.kind}`),
      });
    }
  }

  for (const m of text.matchAll(it.closingWords)) {
    const segment = segmentAt(segments, m.index);
    const action = it.closingOf.get(m[0]);
    // 降价说明 竞品对比表 with no verb, or 下周发案例给他: named or promised, not done.
    if (!segment || !action || !answers(segment)) {
      continue;
    }
    setOnce(closingActions, action.kind, {
      kind: action.kind,
      label: action.label,
      closes: action.closes ?? [],
      evidence: evidenceOf(m.index, m[0], `closing.${action.kind}`),
    });
  }

  return {
    demands: [...demands.values()],
    responses: [...responses.values()],
    closingActions: [...closingActions.values()],
  };
}

/** Other suppliers named or pointed at (某某机械, 别家, 西门子). */
export function findCompetitors(
  original: string,
  text: string,
  lexicon: Lexicon,
): CompetitorFinding[] {
  const seen = new Map<string, CompetitorFinding>();
  for (const m of text.matchAll(lexicon.competitors.mention)) {
    if (lexicon.competitors.notListed.has(m[0])) {
      continue;
    }
    const end = m.index + m[0].length;
    const name = original.slice(m.index, end);
    setOnce(seen, m[0], {
      name,
      evidence: { start: m.index, end, text: name, rule: "competitor.mention" },
    });
  }

  return [...seen.values()];
}

function setOnce<T>(map: Map<string, T>, key: string, value: T): void {
  if (!map.has(key)) {
    map.set(key, value);
  }
}

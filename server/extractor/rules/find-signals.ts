import type { Evidence, ObjectionCategory, Tag } from "../extraction";
import type { Lexicon, SignalRule } from "./load-lexicon";
import { type ClauseSpan, clauseSpans, type Segment, segmentAt } from "./speech-segments";

export interface SignalHit {
  tag?: Tag;
  objection?: ObjectionCategory;
  evidence: Evidence;
}

/** Asked or supposed, not stated: 会不会糊网, 要是漏杯就免谈, 没有的话用不了 (not 主要是). */
const QUESTION_BEFORE = /会不会|能不能|是不是|有没有|(?<!主)要是|如果|假如|万一|是否|担不担心|的话/;

/** 价格也比别家贵: a comparison with another supplier is about us even in a clause about them. */
const COMPARES = /比|不如/;

/**
 * How far from a match the text is read for a question before it or an `unless_after` / `unless_before`
 * phrase around it. Real clauses are shorter; the bound keeps a clause of a hundred thousand characters
 * linear.
 */
const REACH = 40;

interface Context {
  text: string;
  lexicon: Lexicon;
  /** Spans of negation.yaml `cleared` phrases, sorted. */
  cleared: Array<[number, number]>;
  /** Where each sentence starts, by sentence index. */
  sentenceStart: Map<number, number>;
  /** Clauses that wave away what was said before them (不是大问题, 他可以接受), by clause index. */
  dismissing: Set<number>;
  /** Each clause's sentence and end, by clause index. */
  clauses: ClauseSpan[];
}

/** How many clauses back a dismissing clause reaches: 价格是有点贵，但他觉得口味确实好，他可以接受. */
const DISMISS_REACH = 3;

/** Runs every signal rule of the lexicon over the normalised text and keeps the hits that stand. */
export function findSignals(
  original: string,
  text: string,
  segments: Segment[],
  lexicon: Lexicon,
): SignalHit[] {
  const context: Context = {
    text,
    lexicon,
    cleared: spansOf(lexicon.negation.cleared, text),
    sentenceStart: sentenceStarts(segments),
    dismissing: dismissingClauses(text, segments, lexicon),
    clauses: clauseSpans(segments),
  };
  // 价格在我们预期里: the message settles the price, so its price signals go wherever they stand.
  const settled = new Set(
    lexicon.negation.settled.filter((s) => s.regex.test(text)).flatMap((s) => [...s.rules]),
  );

  const hits: SignalHit[] = [];
  for (const rule of lexicon.signals) {
    if (settled.has(rule.id)) {
      continue;
    }
    for (const regex of rule.regexes) {
      regex.lastIndex = 0;
      for (let match = regex.exec(text); match; match = regex.exec(text)) {
        if (match[0] === "") {
          regex.lastIndex++;
          continue;
        }
        const segment = segmentAt(segments, match.index);
        if (segment && stands(rule, match, segment, context)) {
          hits.push(hitOf(rule, match, segment, original, text));
        }
      }
    }
  }

  return hits;
}

function hitOf(
  rule: SignalRule,
  match: RegExpExecArray,
  segment: Segment,
  original: string,
  text: string,
): SignalHit {
  const start = match.index;
  const end = start + match[0].length;
  const asked =
    rule.questionIsTagOnly &&
    (QUESTION_BEFORE.test(text.slice(Math.max(segment.start, start - REACH), start)) ||
      aNotA(text, start));
  const evidence = { start, end, text: original.slice(start, end), rule: rule.id };

  return { tag: rule.tag, objection: asked ? undefined : rule.objection, evidence };
}

function stands(rule: SignalRule, match: RegExpExecArray, segment: Segment, c: Context): boolean {
  const start = match.index;
  const end = start + match[0].length;
  const key = match.indices?.groups?.k?.[0] ?? start;
  // 明天一早去江铃汽车跟采购谈年度降价: the rep's plan says nothing of the customer yet.
  if ((segment.speaker === "rep" || segment.planned) && !rule.anySpeaker) {
    return false;
  }
  if (rule.aboutUs && start >= segment.otherFrom && !COMPARES.test(match[0])) {
    return false;
  }
  if (overlapsAny(c.cleared, start, end)) {
    return false;
  }
  const n = c.lexicon.negation;
  const window = c.text.slice(Math.max(segment.start, key - n.window), key);
  const rest = c.text.slice(end, Math.min(segment.end, end + REACH));
  // 再不降价就定他们: a negated condition, not a denial.
  const conditional = n.conditionalBefore.test(window) && n.conditionalAfter.test(rest);
  if (rule.negatable && n.cueAtEnd.test(window) && !conditional) {
    return false;
  }
  if (rule.unlessAfter?.test(rest)) {
    return false;
  }
  if (rule.negatable && rule.objection && dismissed(segment, rest, c)) {
    return false;
  }
  const sentenceStart = c.sentenceStart.get(segment.sentence) ?? segment.start;
  const before = c.text.slice(Math.max(sentenceStart, key - REACH), key);
  if (rule.unlessBefore?.test(before)) {
    return false;
  }
  // In a transcript a turn names what it is about once (你们这个停车系统…？上周有好几辆车识别不了).
  const turnBefore =
    segment.turnStart >= 0
      ? c.text.slice(Math.max(segment.turnStart, key - 2 * REACH), key)
      : before;
  if (rule.needsBefore && !rule.needsBefore.test(before) && !rule.needsBefore.test(turnBefore)) {
    return false;
  }

  return true;
}

/**
 * 价格高一点也无所谓, 有气泡，但她说只是个别现象，不是大问题: what follows a complaint in its own clause, or
 * a clause of its sentence that only waves a matter away, takes the complaint back.
 */
function dismissed(segment: Segment, rest: string, c: Context): boolean {
  if (c.lexicon.negation.dismissedAfter.test(rest)) {
    return true;
  }
  for (let i = segment.clause + 1; i <= segment.clause + DISMISS_REACH; i++) {
    const next = c.clauses[i];
    if (!next || next.sentence !== segment.sentence) {
      return false;
    }
    if (c.dismissing.has(i)) {
      return true;
    }
  }

  return false;
}

/** The customer's clauses that consist of a dismissal (他可以接受, 不是材料问题, 让我们放心). */
function dismissingClauses(text: string, segments: Segment[], lexicon: Lexicon): Set<number> {
  const found = new Set<number>();
  for (const s of segments) {
    if (s.speaker !== "rep" && lexicon.negation.dismissal.test(text.slice(s.start, s.end))) {
      found.add(s.clause);
    }
  }

  return found;
}

/** 准不准, 稳不稳定: a match opening with 不 right after the word it negates is a question. */
function aNotA(text: string, start: number): boolean {
  return text[start] === "不" && start > 0 && text[start - 1] === text[start + 1];
}

function sentenceStarts(segments: Segment[]): Map<number, number> {
  const starts = new Map<number, number>();
  for (const s of segments) {
    if (!starts.has(s.sentence)) {
      starts.set(s.sentence, s.start);
    }
  }

  return starts;
}

function spansOf(regex: RegExp, text: string): Array<[number, number]> {
  regex.lastIndex = 0;

  return [...text.matchAll(regex)].map((m) => [m.index, m.index + m[0].length]);
}

/** Whether [start, end) overlaps one of the spans, which are sorted and do not overlap each other. */
function overlapsAny(spans: Array<[number, number]>, start: number, end: number): boolean {
  let lo = 0;
  let hi = spans.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [s, e] = spans[mid] as [number, number];
    if (e <= start) {
      lo = mid + 1;
    } else if (s >= end) {
      hi = mid - 1;
    } else {
      return true;
    }
  }

  return false;
}

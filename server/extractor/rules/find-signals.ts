import type { Evidence, ObjectionCategory, Tag } from "../extraction";
import type { Lexicon, SignalRule } from "./load-lexicon";
import { type Segment, segmentAt } from "./speech-segments";

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
}

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
  if (segment.speaker === "rep" && !rule.anySpeaker) {
    return false;
  }
  if (rule.aboutUs && start >= segment.otherFrom && !COMPARES.test(match[0])) {
    return false;
  }
  if (overlapsAny(c.cleared, start, end)) {
    return false;
  }
  const window = c.text.slice(Math.max(segment.start, key - c.lexicon.negation.window), key);
  if (rule.negatable && c.lexicon.negation.cueAtEnd.test(window)) {
    return false;
  }
  if (rule.unlessAfter?.test(c.text.slice(end, Math.min(segment.end, end + REACH)))) {
    return false;
  }
  const sentenceStart = c.sentenceStart.get(segment.sentence) ?? segment.start;
  const before = c.text.slice(Math.max(sentenceStart, key - REACH), key);
  if (rule.unlessBefore?.test(before) || (rule.needsBefore && !rule.needsBefore.test(before))) {
    return false;
  }

  return true;
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

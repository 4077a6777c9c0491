import type { Evidence, ObjectionCategory, Tag } from "../extraction";
import type { Lexicon, SignalRule } from "./load-lexicon";
import { type Segment, segmentAt } from "./speech-segments";

export interface SignalHit {
  tag?: Tag;
  objection?: ObjectionCategory;
  evidence: Evidence;
}

/** Asked or supposed, not stated: 会不会糊网, 要是漏杯就免谈. */
const QUESTION_BEFORE = /会不会|能不能|是不是|有没有|要是|如果|假如|万一|是否|担不担心/;

/** Runs every signal rule of the lexicon over the normalised text and keeps the hits that stand. */
export function findSignals(
  original: string,
  text: string,
  segments: Segment[],
  lexicon: Lexicon,
): SignalHit[] {
  const cleared = spansOf(lexicon.negation.cleared, text);
  const hits: SignalHit[] = [];
  for (const rule of lexicon.signals) {
    for (const regex of rule.regexes) {
      regex.lastIndex = 0;
      for (let match = regex.exec(text); match; match = regex.exec(text)) {
        if (match[0] === "") {
          regex.lastIndex++;
          continue;
        }
        hit(rule, match);
      }
    }
  }

  function hit(rule: SignalRule, match: RegExpExecArray): void {
    const start = match.index;
    const end = start + match[0].length;
    const segment = segmentAt(segments, start);
    if (!segment || !stands(rule, match, segment, text, cleared, lexicon)) {
      return;
    }
    const asked = rule.questionIsTagOnly && QUESTION_BEFORE.test(text.slice(segment.start, start));
    const evidence = { start, end, text: original.slice(start, end), rule: rule.id };
    hits.push({ tag: rule.tag, objection: asked ? undefined : rule.objection, evidence });
  }

  return hits;
}

function stands(
  rule: SignalRule,
  match: RegExpExecArray | RegExpMatchArray,
  segment: Segment,
  text: string,
  cleared: Array<[number, number]>,
  lexicon: Lexicon,
): boolean {
  const start = match.index ?? 0;
  const end = start + match[0].length;
  if (segment.speaker === "rep" && !rule.anySpeaker) {
    return false;
  }
  if (rule.aboutUs && segment.aboutOther) {
    return false;
  }
  if (cleared.some(([s, e]) => s < end && start < e)) {
    return false;
  }
  if (rule.negatable) {
    const key = match.indices?.groups?.k?.[0] ?? start;
    const before = text.slice(Math.max(segment.start, key - lexicon.negation.window), key);
    if (lexicon.negation.cueAtEnd.test(before)) {
      return false;
    }
  }
  if (rule.unlessAfter?.test(text.slice(end, segment.end))) {
    return false;
  }

  return true;
}

function spansOf(regex: RegExp, text: string): Array<[number, number]> {
  regex.lastIndex = 0;

  return [...text.matchAll(regex)].map((m) => [m.index, m.index + m[0].length]);
}

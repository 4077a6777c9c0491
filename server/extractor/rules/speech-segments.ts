import type { Speaker } from "../extraction";
import type { Lexicon } from "./load-lexicon";

/**
 * A stretch of text said by one speaker inside one clause. Sentences end at 。!?, line breaks and a full
 * stop that is not a decimal point; clauses end at , ; : and at a space between two Chinese characters.
 */
export interface Segment {
  start: number;
  end: number;
  sentence: number;
  /** Index of the clause the segment belongs to, counted over the whole text. */
  clause: number;
  speaker: Speaker;
  /**
   * From this offset on the segment is about another supplier (他们现在的供应商交期老拖) or the customer's
   * own site (我们车间网络很差), not about us; Infinity when it is about us throughout. A worry said before
   * the topic is named (怕接不上他们现在的系统) is still about us.
   */
  otherFrom: number;
  /** The clause is a call-transcript label (客户：, 我：). */
  label: boolean;
  /**
   * Where the speech verb stands when this clause opens someone's reported words (他们采购说…): a
   * person named before it is the one speaking; one named after it is only talked about. -1 otherwise.
   */
  speechAt: number;
  /**
   * The clause opens new reported words inside words already reported (她说报价拿给老板看了，老板说太贵):
   * the rep heard them second-hand. A narration word (然后财务经理说) makes it a new report instead.
   */
  nested: boolean;
  /**
   * The clause carries on words the customer was already reporting when it began (她说…，老师们都用惯了):
   * whoever it names was not talked to.
   */
  reported: boolean;
  /** Narration of a plan (明天一早去益康药业拜访采购): nothing in it has happened yet. */
  planned: boolean;
  /** In a transcript, where the words of the current turn start; -1 outside transcripts. */
  turnStart: number;
  /** In a transcript, the clause right after a label: who speaks, or whom the rep addresses (我：陈总，…). */
  opensTurn: boolean;
  inTranscript: boolean;
}

interface Clause {
  start: number;
  end: number;
  sentence: number;
  /** The clause ends with a colon, so it may be a speaker label. */
  beforeColon: boolean;
}

const CJK = /[\u3400-\u9fff]/;

export function splitClauses(text: string): Clause[] {
  const clauses: Clause[] = [];
  let sentence = 0;
  let start = 0;
  const close = (end: number, beforeColon: boolean) => {
    if (/\S/.test(text.slice(start, end))) {
      clauses.push({ start, end, sentence, beforeColon });
    }
    start = end + 1;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c === "。" || c === "!" || c === "?" || c === "\n" || c === "…") {
      close(i, false);
      sentence++;
    } else if (c === "." && !(/\d/.test(text[i - 1] ?? "") && /\d/.test(text[i + 1] ?? ""))) {
      close(i, false);
      sentence++;
    } else if (c === "," || c === ";") {
      close(i, false);
    } else if (c === ":") {
      close(i, true);
    } else if (/\s/.test(c) && CJK.test(text[i - 1] ?? "") && CJK.test(text[i + 1] ?? "")) {
      close(i, false);
    }
  }
  close(text.length, false);

  return clauses;
}

/** Works out who speaks in each clause; see lexicon/speakers.yaml for the cues. */
export function speechSegments(text: string, lexicon: Lexicon): Segment[] {
  const s = lexicon.speakers;
  const clauses = splitClauses(text);
  const labelOf = (c: Clause) => {
    const label = text.slice(c.start, c.end).trim();

    return c.beforeColon && label.length <= s.labelMax ? label : null;
  };
  const header = (label: string) => s.counterpartLabels.has(label.replace(/^[(（[【]/u, ""));
  const labels = clauses
    .map(labelOf)
    .filter((l): l is string => l !== null && !s.rosterLabels.has(l) && !header(l));
  // 参会：客户方 …；我方 销售小李、技术支持王工: the names on our side of a roster speak for the rep.
  const roster = ourRoster(text, clauses, labelOf, lexicon);
  const isRep = (label: string) =>
    s.repLabels.has(label) || (label.length >= 2 && roster.includes(label));
  const transcript = labels.some(isRep) && labels.some((l) => !isRep(l));

  const segments: Segment[] = [];
  let speaker: Speaker = "narrator";
  let aboutOther = false;
  let topicAt = -1;
  let sentence = -1;
  let afterLabel = false;
  let seenLabel = false;
  let planned = false;
  let turnStart = -1;
  let rosterSentence = -1;
  let rosterOurs = false;
  let headerSentence = -1;
  // Someone's words are being reported in this sentence (他说…), so a clause may carry them on.
  let speaking = false;
  clauses.forEach((clause, index) => {
    const body = text.slice(clause.start, clause.end);
    if (clause.sentence !== sentence) {
      sentence = clause.sentence;
      aboutOther = false;
      if (!transcript) {
        speaker = "narrator";
      }
      planned = false;
      speaking = false;
    }
    // Sorry今天没跟进到，明天一早去拜访采购: from a time to come on, the narration is a plan.
    planned ||= !transcript && speaker === "narrator" && s.planStart.test(body);
    const opensTurn = afterLabel;
    afterLabel = false;
    let speechAt = -1;
    let nested = false;
    const reported = !transcript && speaking;
    const push = (start: number, end: number, who: Speaker, label = false) =>
      segments.push({
        start,
        end,
        sentence,
        clause: index,
        speaker: who,
        otherFrom: aboutOther ? Math.max(start, topicAt) : Number.POSITIVE_INFINITY,
        label,
        speechAt,
        nested,
        reported,
        planned: planned && who === "narrator",
        turnStart,
        opensTurn,
        inTranscript: seenLabel,
      });

    const rawLabel = labelOf(clause);
    if (rawLabel !== null && s.rosterLabels.has(rawLabel)) {
      // A roster (参会：…) says who was there; it is not a turn of the talk.
      rosterSentence = sentence;
      push(clause.start, clause.end, "narrator", true);

      return;
    }
    if (sentence === rosterSentence) {
      // From the clause that opens with our side (我方 …) to the roster's end, the names are ours.
      rosterOurs ||= s.ourSideStart.test(body);
      push(clause.start, clause.end, rosterOurs ? "rep" : "narrator");

      return;
    }
    // 通话对象：永鑫五金 采购李经理: a header naming whom the talk was with; they were talked to, and
    // what follows in its sentence is no one's words.
    if (rawLabel !== null && header(rawLabel)) {
      headerSentence = sentence;
      push(clause.start, clause.end, "narrator", true);

      return;
    }
    if (sentence === headerSentence) {
      push(clause.start, clause.end, "narrator", true);

      return;
    }
    const label = transcript ? rawLabel : null;
    if (label !== null) {
      seenLabel = true;
      speaker = isRep(label) ? "rep" : "customer";
      push(clause.start, clause.end, speaker, true);
      afterLabel = true;
      turnStart = clause.end + 1;

      return;
    }

    const verbAt = transcript ? -1 : speechVerbAt(body, lexicon);
    const customerSpeaks = verbAt >= 0;
    if (customerSpeaks) {
      speechAt = clause.start + verbAt;
      nested = speaking && !s.narrationConnective.test(body);
      planned = false;
    }
    const weOrYou = /我们|你们|咱们/.test(body);
    if (weOrYou || customerSpeaks) {
      aboutOther = false;
    }
    topicAt = -1;
    const other = weOrYou ? -1 : topicIn(body, s.otherSupplierTopic);
    const own = topicIn(body, s.ownSiteTopic);
    if (other >= 0 || own >= 0) {
      aboutOther = true;
      topicAt = clause.start + (other >= 0 && (own < 0 || other < own) ? other : own);
    }

    const repMarker = transcript ? null : s.repMarker.exec(body);
    if (repMarker) {
      const at = clause.start + repMarker.index;
      if (at > clause.start) {
        push(clause.start, at, speaker);
      }
      speaker = "rep";
      speaking = false;
      push(at, clause.end, speaker);

      return;
    }
    if (customerSpeaks || (!transcript && s.customerStart.test(body))) {
      speaker = "customer";
      speaking ||= customerSpeaks;
    } else if (!transcript && speaker === "customer" && s.narrationInSpeech.test(body)) {
      speaker = "narrator";
      speaking = false;
    }
    const who = speaker === "narrator" && s.ourSideStart.test(body) ? "rep" : speaker;
    push(clause.start, clause.end, who);
  });

  return segments;
}

/** 比原来那台大: a supplier named as the measure of a comparison is not the clause's topic. */
const COMPARED_WITH = /(?:比|比起|不如|相比)$/u;

/** Where the first mention of a topic stands in the clause (not as a comparison's measure), or -1. */
function topicIn(body: string, topic: RegExp): number {
  topic.lastIndex = 0;
  for (let m = topic.exec(body); m; m = topic.exec(body)) {
    if (!COMPARED_WITH.test(body.slice(Math.max(0, m.index - 2), m.index))) {
      return m.index;
    }
  }

  return -1;
}

/**
 * 他们采购说…, 老板嫌…: someone other than me says or feels something; where the verb stands in the
 * clause, or -1.
 */
function speechVerbAt(body: string, lexicon: Lexicon): number {
  const s = lexicon.speakers;
  const blanked = body.replace(s.notSpeech, (w) => "\u0000".repeat(w.length));
  s.speech.lastIndex = 0;
  const verb = s.speech.exec(blanked);
  if (!verb || verb.index === 0) {
    return -1;
  }
  const subject = blanked.slice(0, verb.index);
  const speaks = verb.index <= 14 && !subject.includes("我") && !s.supposedStart.test(subject);

  return speaks ? verb.index : -1;
}

/**
 * The words of a roster's clauses that open with our side (参会：…；我方 销售小李、技术支持王工), which
 * name the rep's people; empty when the text has no roster.
 */
function ourRoster(
  text: string,
  clauses: Clause[],
  labelOf: (c: Clause) => string | null,
  lexicon: Lexicon,
): string {
  const s = lexicon.speakers;
  const at = clauses.findIndex((c) => {
    const label = labelOf(c);

    return label !== null && s.rosterLabels.has(label);
  });
  if (at < 0) {
    return "";
  }
  const sentence = (clauses[at] as Clause).sentence;

  const rest = clauses.slice(at + 1).filter((c) => c.sentence === sentence);
  const ours = rest.findIndex((c) => s.ourSideStart.test(text.slice(c.start, c.end)));

  return ours < 0
    ? ""
    : rest
        .slice(ours)
        .map((c) => text.slice(c.start, c.end))
        .join(" ");
}

/** Where a clause starts and ends, whoever speaks in it. */
export interface ClauseSpan {
  start: number;
  end: number;
  sentence: number;
}

/** The clauses the segments belong to, indexed by `Segment.clause`. */
export function clauseSpans(segments: Segment[]): ClauseSpan[] {
  const spans: ClauseSpan[] = [];
  for (const s of segments) {
    const span = spans[s.clause];
    if (span) {
      span.end = s.end;
    } else {
      spans[s.clause] = { start: s.start, end: s.end, sentence: s.sentence };
    }
  }

  return spans;
}

/** The segment that holds offset `at`; segments are sorted and do not overlap. */
export function segmentAt(segments: Segment[], at: number): Segment | undefined {
  let lo = 0;
  let hi = segments.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const seg = segments[mid] as Segment;
    if (at < seg.start) {
      hi = mid - 1;
    } else if (at >= seg.end) {
      lo = mid + 1;
    } else {
      return seg;
    }
  }

  return undefined;
}

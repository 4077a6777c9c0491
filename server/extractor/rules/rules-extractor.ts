import {
  type Evidence,
  type Extraction,
  type ExtractionInput,
  type Extractor,
  OBJECTION_CATEGORIES,
  ROLES,
  TAGS,
} from "../extraction";
import { findCommitment } from "./find-commitment";
import { findFacts } from "./find-facts";
import { findCompetitors, findItems } from "./find-items";
import { findRoles } from "./find-roles";
import { findSignals } from "./find-signals";
import { type Lexicon, loadLexicon } from "./load-lexicon";
import { normalizeText } from "./normalize-text";
import { speechSegments } from "./speech-segments";

export interface RulesExtractor extends Extractor {
  /** The same result, synchronously: the rules need no I/O once the lexicon is loaded. */
  extractNow(input: ExtractionInput): Extraction;
}

/** Beat's offline extractor: the lexicon in lexicon/ applied to one message; no network, no model. */
export function createRulesExtractor(lexicon: Lexicon = loadLexicon()): RulesExtractor {
  const extractNow = (input: ExtractionInput): Extraction => {
    const original = input.text;
    const text = normalizeText(original, lexicon.typos.regex, lexicon.typos.fixes);
    const segments = speechSegments(text, lexicon);

    const signals = findSignals(original, text, segments, lexicon);
    const { roles, contacts } = findRoles(original, text, segments, lexicon);
    const items = findItems(original, text, segments, lexicon);
    // A customer heard (a need, a worry, a doubt, a turn of a call) was reached, whatever else failed.
    const heard =
      signals.length > 0 || items.demands.length > 0 || segments.some((s) => s.inTranscript);
    const failedAttempt = heard ? null : findFailedAttempt(original, text, lexicon);

    return {
      tags: grouped(
        TAGS,
        signals.flatMap((s) => (s.tag ? [{ key: s.tag, evidence: s.evidence }] : [])),
      ).map(([tag, evidence]) => ({ tag, evidence })),
      objections: grouped(
        OBJECTION_CATEGORIES,
        signals.flatMap((s) => (s.objection ? [{ key: s.objection, evidence: s.evidence }] : [])),
      ).map(([category, evidence]) => ({ category, evidence })),
      roles: failedAttempt
        ? []
        : grouped(
            ROLES,
            roles.map((r) => ({ key: r.role, evidence: r.evidence })),
          ).map(([role, evidence]) => ({ role, evidence })),
      contacts: failedAttempt ? contacts.map((c) => ({ ...c, contacted: false })) : contacts,
      ...items,
      competitors: findCompetitors(original, text, lexicon),
      facts: findFacts(original, text, lexicon),
      commitment: findCommitment(original, text, segments, input.sentAt, lexicon),
      failedAttempt,
      engine: "rules",
    };
  };

  return { extractNow, extract: async (input) => extractNow(input) };
}

/** 钱总电话没打通 with nothing after saying he was reached later (后来回电了): see lexicon/attempts.yaml. */
function findFailedAttempt(original: string, text: string, lexicon: Lexicon): Evidence | null {
  const m = lexicon.attempts.failed.exec(text);
  if (!m || lexicon.attempts.reachedAnyway.test(text)) {
    return null;
  }
  const end = m.index + m[0].length;

  return { start: m.index, end, text: original.slice(m.index, end), rule: "attempt.failed" };
}

/** Groups evidence by label, in the label list's order, each span once. */
function grouped<K extends string>(
  order: readonly K[],
  hits: Array<{ key: K; evidence: Evidence }>,
): Array<[K, Evidence[]]> {
  const byKey = new Map<K, Evidence[]>();
  const seen = new Set<string>();
  for (const { key, evidence } of hits) {
    const list = byKey.get(key) ?? [];
    const span = `${key} ${evidence.start} ${evidence.end}`;
    if (!seen.has(span)) {
      seen.add(span);
      list.push(evidence);
    }
    byKey.set(key, list);
  }

  return order.filter((k) => byKey.has(k)).map((k) => [k, byKey.get(k) as Evidence[]]);
}

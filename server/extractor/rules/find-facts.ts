import type { FactFinding } from "../extraction";
import type { Lexicon } from "./load-lexicon";

/**
 * Budget and timeline phrases (lexicon/facts.yaml), the last of each kind: when a message says the
 * budget twice, the later words are the ones that stand.
 */
export function findFacts(original: string, text: string, lexicon: Lexicon): FactFinding[] {
  const found: FactFinding[] = [];
  for (const { kind, regex } of lexicon.facts) {
    let last: RegExpExecArray | null = null;
    for (const match of text.matchAll(regex)) {
      last = match;
    }
    if (last && last[0].length > 0) {
      const start = last.index;
      const end = start + last[0].length;
      found.push({
        kind,
        evidence: { start, end, text: original.slice(start, end), rule: `fact.${kind}` },
      });
    }
  }

  return found;
}

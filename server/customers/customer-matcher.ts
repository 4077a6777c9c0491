import { nameForms, normalizeName } from "./customer-names";

export interface NamedCustomer {
  id: number;
  name: string;
  aliases: string[];
}

export interface CustomerMention {
  customerId: number;
  /**
   * exact: a name or alias as written; prefix: the start of one (江南精密 for 江南精密机械), as people
   * shorten names; close: one or two characters off (a typo, a word left out).
   */
  how: "exact" | "prefix" | "close";
  /** Where in the normalised text, for telling a name inside a longer one apart. */
  start: number;
  end: number;
  /** Edit distance of a close match; characters left off for a prefix; 0 for an exact one. */
  distance: number;
}

/** Names shorter than this are never matched loosely: 3 of 4 characters in order is already a guess. */
const CLOSE_MIN_LENGTH = 4;
/** The shortest start of a name taken for the name: a place and a brand (江南精密), no less. */
const PREFIX_MIN_LENGTH = 4;

/** Edits allowed for a close match: one for a name of four to seven characters, two beyond. */
function allowedEdits(length: number): number {
  return length >= 8 ? 2 : 1;
}

/**
 * The smallest edit distance between `pattern` and any substring of `text`, and where that substring
 * ends (Sellers' algorithm: the edit distance with a free start anywhere in the text).
 */
function bestSubstringDistance(pattern: string, text: string): { distance: number; end: number } {
  const m = pattern.length;
  let previous = Array.from({ length: m + 1 }, (_, i) => i);
  let best = { distance: m, end: 0 };
  for (let j = 1; j <= text.length; j++) {
    const current = [0];
    for (let i = 1; i <= m; i++) {
      const substitute = (previous[i - 1] as number) + (pattern[i - 1] === text[j - 1] ? 0 : 1);
      current[i] = Math.min(
        substitute,
        (previous[i] as number) + 1,
        (current[i - 1] as number) + 1,
      );
    }
    if ((current[m] as number) < best.distance) {
      best = { distance: current[m] as number, end: j };
    }
    previous = current;
  }

  return best;
}

/**
 * The customers a text names. Exact mentions of a name, its short form or an alias win; a name that
 * sits inside a longer matched name (华东食品 inside 华东食品机械) is not a mention of its own. Only when
 * nothing matches exactly are close matches looked for, and then only the closest ones are kept.
 */
export function findCustomerMentions(text: string, customers: NamedCustomer[]): CustomerMention[] {
  const normalized = normalizeName(text);
  const exact: CustomerMention[] = [];
  const formsOf = new Map<number, string[]>();
  for (const customer of customers) {
    const forms = nameForms(customer.name, customer.aliases);
    formsOf.set(customer.id, forms);
    for (const form of forms) {
      const start = normalized.indexOf(form);
      if (start >= 0) {
        exact.push({
          customerId: customer.id,
          how: "exact",
          start,
          end: start + form.length,
          distance: 0,
        });
        break;
      }
    }
  }
  if (exact.length > 0) {
    return exact.filter(
      (m) =>
        !exact.some(
          (other) =>
            other.customerId !== m.customerId &&
            other.end - other.start > m.end - m.start &&
            other.start <= m.start &&
            other.end >= m.end,
        ),
    );
  }

  const prefix = prefixMentions(normalized, customers, formsOf);
  if (prefix.length > 0) {
    return prefix;
  }

  const close: CustomerMention[] = [];
  for (const customer of customers) {
    for (const form of formsOf.get(customer.id) ?? []) {
      if (form.length < CLOSE_MIN_LENGTH) {
        continue;
      }
      const { distance, end } = bestSubstringDistance(form, normalized);
      if (distance <= allowedEdits(form.length)) {
        close.push({
          customerId: customer.id,
          how: "close",
          start: Math.max(0, end - form.length),
          end,
          distance,
        });
        break;
      }
    }
  }
  const closest = Math.min(...close.map((m) => m.distance));

  return close.filter((m) => m.distance === closest);
}

/** Customers whose name starts with the longest run of the text that starts any name (4 characters or more). */
function prefixMentions(
  normalized: string,
  customers: NamedCustomer[],
  formsOf: Map<number, string[]>,
): CustomerMention[] {
  let found: CustomerMention[] = [];
  let longest = PREFIX_MIN_LENGTH - 1;
  for (const customer of customers) {
    for (const form of formsOf.get(customer.id) ?? []) {
      for (
        let length = form.length - 1;
        length > longest - 1 && length >= PREFIX_MIN_LENGTH;
        length--
      ) {
        const start = normalized.indexOf(form.slice(0, length));
        if (start < 0) {
          continue;
        }
        const mention: CustomerMention = {
          customerId: customer.id,
          how: "prefix",
          start,
          end: start + length,
          distance: form.length - length,
        };
        if (length > longest) {
          found = [mention];
          longest = length;
        } else if (!found.some((m) => m.customerId === customer.id)) {
          found.push(mention);
        }
        break;
      }
    }
  }

  return found;
}

/** Whether the whole text is one customer's name (a reply that only says which customer). */
export function isJustAName(text: string, mention: CustomerMention): boolean {
  const normalized = normalizeName(text).replace(/[,.!?;:。，！？；：、"'“”‘’「」【】]/gu, "");

  return mention.end - mention.start >= normalized.length - 1;
}

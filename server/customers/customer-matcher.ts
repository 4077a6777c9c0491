import { companyWords } from "./company-words";
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
   * shorten names; without_place: the name without the place it starts with (恒远化工 for
   * 杭州恒远化工); short: its first two or three characters standing alone (华东的王总, 客户 华东);
   * close: one or two characters off (a typo, a word left out).
   */
  how: "exact" | "prefix" | "without_place" | "short" | "close";
  /** Where in the normalised text, for telling a name inside a longer one apart. */
  start: number;
  end: number;
  /** Edit distance of a close match; characters left off otherwise; 0 for an exact one. */
  distance: number;
}

/** Names shorter than this are never matched loosely: 3 of 4 characters in order is already a guess. */
const CLOSE_MIN_LENGTH = 4;
/** The shortest start of a name taken for the name: a place and a brand (江南精密), no less. */
const PREFIX_MIN_LENGTH = 4;
/** The place a name starts with, as reps leave it out (杭州恒远化工 → 恒远化工): two characters. */
const PLACE_LENGTH = 2;
/** The start of a name that is taken for it only when it stands alone (华东的…, 客户 华东). */
const SHORT_LENGTHS = [3, 2];
/** What may stand before a name: nothing, or the end of a clause. */
const BEFORE_NAME = /[\s,.;:!?()[\]<>"'，。；：！？、（）【】「」《》“”]/u;
/** What follows a short name standing alone: 的 and the like, the end of a clause, or nothing. */
const AFTER_SHORT = /^(?:的|那边|这边|那家|这家|家的|$|[\s,.;:!?，。；：！？、])/u;

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
 * nothing matches exactly are starts of names and names without their city looked for; then close
 * matches, keeping only the closest; then, with `short`, two or three first characters standing alone
 * (华东的王总): a guess that a person is asked about, never one to act on alone (a WeChat contact's
 * name, a call from the phone system).
 */
export function findCustomerMentions(
  text: string,
  customers: NamedCustomer[],
  options: { short?: boolean } = {},
): CustomerMention[] {
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

  const partial = [
    ...prefixMentions(normalized, customers, formsOf),
    ...withoutPlaceMentions(normalized, customers, formsOf),
  ];
  if (partial.length > 0) {
    return partial.filter(
      (m, i) => partial.findIndex((other) => other.customerId === m.customerId) === i,
    );
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
  if (close.length > 0) {
    const closest = Math.min(...close.map((m) => m.distance));
    return close.filter((m) => m.distance === closest);
  }

  return options.short ? shortMentions(normalized, customers, formsOf) : [];
}

const tails = new Map<string, string | null>();

/** `form`'s tail after its place when that is a name of its own (a brand is left after the trade). */
function tailWithBrand(form: string): string | null {
  let tail = tails.get(form);
  if (tail === undefined) {
    tail = findTailWithBrand(form);
    tails.set(form, tail);
  }

  return tail;
}

function findTailWithBrand(form: string): string | null {
  if (form.length < PLACE_LENGTH + PREFIX_MIN_LENGTH) {
    return null;
  }
  const tail = form.slice(PLACE_LENGTH);
  const { endings } = companyWords();
  let brand = tail;
  for (let cut = true; cut; ) {
    cut = false;
    for (const ending of endings) {
      if (brand.endsWith(ending) && brand.length > ending.length) {
        brand = brand.slice(0, -ending.length);
        cut = true;
        break;
      }
      if (brand === ending) {
        return null;
      }
    }
  }

  return brand.length >= 2 ? tail : null;
}

/**
 * Customers named without the place their name starts with (恒远化工 for 杭州恒远化工). Only when a
 * brand is left: 阀门集团 of 温州阀门集团 is a trade, and names nobody.
 */
function withoutPlaceMentions(
  normalized: string,
  customers: NamedCustomer[],
  formsOf: Map<number, string[]>,
): CustomerMention[] {
  const found: CustomerMention[] = [];
  for (const customer of customers) {
    for (const form of formsOf.get(customer.id) ?? []) {
      const tail = tailWithBrand(form);
      const start = tail ? normalized.indexOf(tail) : -1;
      if (tail && start >= 0) {
        found.push({
          customerId: customer.id,
          how: "without_place",
          start,
          end: start + tail.length,
          distance: PLACE_LENGTH,
        });
        break;
      }
    }
  }

  return found;
}

/** Whether a name may start at `index`: the text's start, a clause's, or right after a lead-in (跟). */
function startsAName(normalized: string, index: number): boolean {
  if (index === 0 || BEFORE_NAME.test(normalized[index - 1] as string)) {
    return true;
  }

  return companyWords().leadIns.some((word) => normalized.startsWith(word, index - word.length));
}

/**
 * Customers whose name, or the name without its place, starts with two or three characters that
 * stand alone in the text (华东的王总 for 华东某食品 and 华东精工, 客户 恒润 for 杭州恒润食品): loose,
 * so they are asked about. The place is left out here as in withoutPlaceMentions, or 恒润食品 would
 * find 杭州恒润食品 while 恒润 did not.
 */
function shortMentions(
  normalized: string,
  customers: NamedCustomer[],
  formsOf: Map<number, string[]>,
): CustomerMention[] {
  for (const length of SHORT_LENGTHS) {
    const found: CustomerMention[] = [];
    for (const customer of customers) {
      const forms = formsOf.get(customer.id) ?? [];
      const starts = [...forms, ...forms.map(tailWithBrand)].filter((f): f is string => f !== null);
      for (const form of starts) {
        if (form.length <= length) {
          continue;
        }
        const start = standingAlone(normalized, form.slice(0, length));
        if (start >= 0) {
          found.push({
            customerId: customer.id,
            how: "short",
            start,
            end: start + length,
            distance: form.length - length,
          });
          break;
        }
      }
    }
    if (found.length > 0) {
      return found;
    }
  }

  return [];
}

/** Where `word` stands alone in the text (a name may start there and 的 or a clause's end follows). */
function standingAlone(normalized: string, word: string): number {
  for (let at = normalized.indexOf(word); at >= 0; at = normalized.indexOf(word, at + 1)) {
    if (startsAName(normalized, at) && AFTER_SHORT.test(normalized.slice(at + word.length))) {
      return at;
    }
  }

  return -1;
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

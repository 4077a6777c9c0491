import { normalizeText } from "../extractor/rules/normalize-text";

/** Legal-form endings reps leave out when they speak of a company: 华东某食品有限公司 → 华东某食品. */
const LEGAL_SUFFIX =
  /(?:股份有限公司|有限责任公司|集团有限公司|集团股份有限公司|有限公司|股份公司|集团公司|公司|集团|co\.?,?\s*ltd\.?|ltd\.?|inc\.?)$/u;
/** A bracketed place inside a registered name: 华东食品（上海）有限公司. */
const BRACKETED = /[（(][^）)]{1,8}[）)]/gu;

const NO_TYPOS = new Map<string, string>();

/** The text as names are compared: half-width, lower case, simplified, no spaces. */
export function normalizeName(text: string): string {
  return normalizeText(text, null, NO_TYPOS).replace(/\s+/gu, "");
}

/** The name without its legal form and bracketed place, as people say it; the full name when that is all. */
export function coreName(name: string): string {
  let core = normalizeName(name).replace(BRACKETED, "");
  for (let i = 0; i < 3; i++) {
    const next = core.replace(LEGAL_SUFFIX, "");
    if (next === core || next.length < 2) {
      break;
    }
    core = next;
  }

  return core.length >= 2 ? core : normalizeName(name);
}

/** Every form of a customer's name that a message may use, normalised, longest first. */
export function nameForms(name: string, aliases: readonly string[]): string[] {
  const forms = new Set<string>();
  for (const form of [name, ...aliases]) {
    const full = normalizeName(form);
    if (full.length >= 2) {
      forms.add(full);
    }
    forms.add(coreName(form));
  }

  return [...forms].filter((f) => f.length >= 2).sort((a, b) => b.length - a.length);
}

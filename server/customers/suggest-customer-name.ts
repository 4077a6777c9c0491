import { normalizeText } from "../extractor/rules/normalize-text";
import { type CompanyWords, companyWords } from "./company-words";

/** Where a text names something that looks like a company, in the rep's own characters. */
export interface CompanyName {
  name: string;
  /** Offsets in the text (normalising keeps them: one character for one). */
  start: number;
  end: number;
  /** Whether the text opens with it, after lead-ins at most (下午拜访了…, 杭州乳业钱总说…). */
  leading: boolean;
}

/** A name before its ending: two characters at least (台州 in 台州汽配), twelve at most. */
const NAME_MIN = 2;
const NAME_MAX = 12;

/** Verbs that are followed by a place, whatever its name ends with (拜访了宁波海天，见了张总). */
const VISIT_VERBS = "拜访了|拜访|走访了|走访|到访了|到访";
/** What a visit verb may be followed by that is not a company. */
const NOT_A_COMPANY =
  /^(?:了|客户|他们|对方|现场|一下|了解|一趟|老客户|新客户|[\d一二两三四五六七八九十几多]+[家个位])|[总工经理主管]$/u;
const BY_VISIT = new RegExp(
  `(?:${VISIT_VERBS})([\\u4e00-\\u9fa5a-z0-9]{3,12}?)(?=[,.;!?，。；！？、\\s]|的|见|和|跟|与|谈|聊|开会|$)`,
  "gu",
);
/** Characters that end a clause: a name may start right after one. */
const SEPARATOR = /[\s,.;:!?()[\]<>"'/|~\-，。；：！？、（）【】「」『』《》“”‘’…]/u;
const NAME_CHAR = /[\u3400-\u9fffa-z0-9]/u;
/** What makes the trade word before it a department of the customer (华康医院设备科, 工程部). */
const DEPARTMENT = /[部科处室]/u;

/** Word lists indexed by first character, for finding them at a position without a regex per word. */
class WordsAt {
  private readonly byFirst = new Map<string, string[]>();

  constructor(words: string[]) {
    for (const word of words) {
      const first = word[0] as string;
      this.byFirst.set(first, [...(this.byFirst.get(first) ?? []), word]);
    }
  }

  /** The longest word starting at `index`, or null. */
  at(text: string, index: number): string | null {
    for (const word of this.byFirst.get(text[index] ?? "") ?? []) {
      if (text.startsWith(word, index)) {
        return word;
      }
    }

    return null;
  }
}

interface Finder {
  endings: WordsAt;
  leadIns: WordsAt;
  notInNames: WordsAt;
  notEndings: WordsAt;
}

let finder: Finder | undefined;

function finderOf(words: CompanyWords): Finder {
  if (!finder) {
    finder = {
      endings: new WordsAt(words.endings),
      leadIns: new WordsAt(words.leadIns),
      notInNames: new WordsAt(words.notInNames),
      notEndings: new WordsAt(words.notEndings),
    };
  }

  return finder;
}

/** The ending at `index` (食品, 有限公司), unless a longer word that is no ending starts there (厂长). */
function endingAt(f: Finder, text: string, index: number): string | null {
  const ending = f.endings.at(text, index);
  if (!ending) {
    return null;
  }
  const word = f.notEndings.at(text, index);
  if (word && word.length > ending.length) {
    return null;
  }

  return DEPARTMENT.test(text[index + ending.length] ?? "") ? null : ending;
}

/** Whether `part` is made only of endings (设备, 电子科技): a trade, not a name. */
function onlyEndings(f: Finder, part: string): boolean {
  let at = 0;
  while (at < part.length) {
    const ending = f.endings.at(part, at);
    if (!ending) {
      return false;
    }
    at += ending.length;
  }

  return true;
}

function hasWordNotInNames(f: Finder, name: string): boolean {
  for (let i = 0; i < name.length; i++) {
    if (f.notInNames.at(name, i)) {
      return true;
    }
  }

  return false;
}

/**
 * Where a name may start: the text's start, after a clause's end, after a lead-in (拜访了, 下午, 和);
 * `leading` holds those the text opens with (nothing but lead-ins and spaces before them).
 */
function nameStarts(f: Finder, text: string): { all: number[]; leading: Set<number> } {
  const starts = new Set<number>([0]);
  const leading = new Set<number>([0]);
  for (let i = 0; i < text.length; i++) {
    const leadIn = f.leadIns.at(text, i);
    if (SEPARATOR.test(text[i] as string)) {
      starts.add(i + 1);
      if (leading.has(i) && /\s/u.test(text[i] as string)) {
        leading.add(i + 1);
      }
    }
    if (leadIn) {
      starts.add(i + leadIn.length);
      if (leading.has(i)) {
        leading.add(i + leadIn.length);
      }
    }
  }

  return { all: [...starts].filter((s) => s < text.length).sort((a, b) => a - b), leading };
}

/**
 * The company-like name that starts at `start`, as [start, end), or null. A lead-in inside the run
 * means the name starts after it (今天终于见到宏达纸业 is 宏达纸业), which a later start finds.
 */
function companyAt(f: Finder, text: string, start: number): number | null {
  let nameEnd = -1;
  for (let i = start; i < text.length && i - start <= NAME_MAX; i++) {
    const ending = endingAt(f, text, i);
    if (ending && i - start >= NAME_MIN) {
      nameEnd = i;
      break;
    }
    const char = text[i] as string;
    if (!NAME_CHAR.test(char) || f.notInNames.at(text, i) || f.leadIns.at(text, i)) {
      return null;
    }
    if (ending) {
      // Too early to end the name (市中心医院, 来工厂): read it as part of the name, whole, so that
      // its own tail (厂 of 工厂) is not taken for an ending.
      i += ending.length - 1;
    }
  }
  if (nameEnd < 0 || onlyEndings(f, text.slice(start, nameEnd))) {
    return null;
  }
  let end = nameEnd;
  for (let ending = endingAt(f, text, end); ending; ending = endingAt(f, text, end)) {
    end += ending.length;
  }

  return end;
}

/**
 * The companies a text seems to name, in order: a run that starts where a name can start and ends
 * in a company's ending (杭州乳业钱总说…, 拜访了苏州阀门厂的采购), or whatever follows a visit verb
 * (拜访了宁波海天，…). Traditional characters and full-width forms are read as simplified and
 * half-width; each name is quoted in the rep's own characters.
 */
export function findCompanyNames(text: string): CompanyName[] {
  const normalized = normalizeText(text, null, new Map());
  const f = finderOf(companyWords());
  const found: CompanyName[] = [];
  const starts = nameStarts(f, normalized);
  const add = (start: number, end: number) => {
    if (!found.some((c) => c.start < end && start < c.end)) {
      const leading = starts.leading.has(start);
      found.push({ name: text.slice(start, end), start, end, leading });
    }
  };
  for (const start of starts.all) {
    const end = companyAt(f, normalized, start);
    if (end !== null) {
      add(start, end);
    }
  }
  for (const match of normalized.matchAll(BY_VISIT)) {
    const name = match[1] as string;
    if (!NOT_A_COMPANY.test(name) && !hasWordNotInNames(f, name)) {
      const start = match.index + match[0].length - name.length;
      add(start, start + name.length);
    }
  }

  return found.sort((a, b) => a.start - b.start);
}

/**
 * The company a follow-up seems to be about, to offer creating it (拜访了华东某食品 → 华东某食品);
 * null when nothing in the text looks like a company.
 */
export function suggestCustomerName(text: string): string | null {
  return findCompanyNames(text)[0]?.name ?? null;
}

/** Whether a short text is a company's name by its look (ends like one: 杭州恒远化工). */
export function looksLikeCompanyName(text: string): boolean {
  const trimmed = text.trim();
  const [only] = findCompanyNames(trimmed);

  return only !== undefined && only.start === 0 && only.end === trimmed.length;
}

/** Units reps write after an amount, in yuan. */
const UNITS: Record<string, number> = {
  万: 10_000,
  w: 10_000,
  千: 1_000,
  k: 1_000,
  元: 1,
  块: 1,
  亿: 100_000_000,
};

const AMOUNT = /(\d[\d,]*(?:\.\d+)?)\s*(万|w|千|k|亿|元|块)?(?:元|块)?/iu;

/**
 * An amount as a rep writes it (35万, 3.5w, 1,200,000, 12k, 80万元), in fen; null when there is none.
 * Only digits are read: 三十五万 in words is rare in typed messages and ambiguous in speech.
 */
export function parseAmountFen(text: string): number | null {
  const match = AMOUNT.exec(text.replace(/[，]/g, ","));
  if (!match?.[1]) {
    return null;
  }
  const number = Number(match[1].replace(/,/g, ""));
  const unit = UNITS[(match[2] ?? "元").toLowerCase()] ?? 1;
  const fen = Math.round(number * unit * 100);

  return Number.isFinite(fen) && fen > 0 ? fen : null;
}

/** Where the amount stands in the text, to tell it from the name before it; null when there is none. */
export function amountSpan(text: string): { start: number; end: number } | null {
  const match = AMOUNT.exec(text);

  return match ? { start: match.index, end: match.index + match[0].length } : null;
}

/** The most a deal may be worth, in yuan: the API's ceiling too (miniprogram/shared/api-schemas.ts). */
export const MAX_AMOUNT_YUAN = 10_000_000_000;

const AMOUNTS = new RegExp(AMOUNT.source, "giu");
/** A minus that belongs to the amount: right before it, and after a space or nothing (not 型号A-2). */
const MINUS = /(?:^|\s)[-−－]\s*$/u;

export type ChatAmount =
  | { start: number; end: number; fen: number }
  | {
      start: number;
      end: number;
      problem: "negative" | "too_large" | "not_positive" | "unreadable";
    };

/** Chinese numerals written out (三十五万): an amount the rep meant, which Beat does not read. */
const NUMERAL_WORDS =
  /^[零一二三四五六七八九十两百千万亿]*[一二三四五六七八九十两][零一二三四五六七八九十两百千万亿]*[元块]?$/u;
/** Glued before an amount and still apart from it: a name's last 汉字 (江南精密35万) or a ¥. */
const GLUE = /[^\x21-\x7e]$/u;

/**
 * The amount at the end of a 新商机 command (新商机 江南精密 35万), with where it starts so the name
 * before it can be told apart (a name may hold digits: 3M中国). The amount is the token (between
 * spaces) that holds the last number, or the number glued to a name's last 汉字. Refused, rather than
 * read another way, when it is negative (-5万: the sign is not dropped), beyond what a deal can be
 * worth, under one fen, or unreadable: a later token with digits that is not a whole amount (1e9
 * would otherwise read 9), or a word in its place (abc, NaN, 三十五万). Null when there is none,
 * as when the only token is the name (3M中国).
 */
export function chatAmount(text: string): ChatAmount | null {
  const tokens = [...text.matchAll(/\S+/gu)];
  const lastToken = tokens.at(-1);
  const last = [...text.matchAll(AMOUNTS)].at(-1);
  const word = lastToken?.[0] ?? "";
  const wordAfter =
    lastToken !== undefined &&
    tokens.length > 1 &&
    (last === undefined || last.index + last[0].length <= lastToken.index) &&
    (/^[a-z]+$/iu.test(word) || NUMERAL_WORDS.test(word));
  if (wordAfter) {
    return { start: lastToken.index, end: text.length, problem: "unreadable" };
  }
  if (!last?.[1]) {
    return null;
  }
  const end = last.index + last[0].length;
  const token = tokens.findLast((t) => t.index <= last.index) ?? tokens[0];
  const tokenStart = token?.index ?? 0;
  const tokenEnd = tokenStart + (token?.[0].length ?? 0);
  const glued = text.slice(tokenStart, last.index);
  const minus = MINUS.exec(text.slice(0, last.index));
  if (minus) {
    const start = minus.index + (minus[0].length - minus[0].trimStart().length);
    return { start, end, problem: "negative" };
  }
  // The last number may span a space (35 万), so the amount's end is measured from the match.
  const whole = end >= tokenEnd && (glued === "" || GLUE.test(glued));
  if (!whole) {
    return tokenStart === 0 && end <= tokenEnd
      ? null
      : { start: tokenStart, end: Math.max(end, tokenEnd), problem: "unreadable" };
  }
  const start = /^[¥￥]$/u.test(glued) ? tokenStart : last.index;
  const number = Number(last[1].replace(/,/g, ""));
  const unit = UNITS[(last[2] ?? "元").toLowerCase()] ?? 1;
  if (!Number.isFinite(number * unit) || number * unit > MAX_AMOUNT_YUAN) {
    return { start, end, problem: "too_large" };
  }
  const fen = number * unit * 100;

  return fen >= 1 ? { start, end, fen: Math.round(fen) } : { start, end, problem: "not_positive" };
}

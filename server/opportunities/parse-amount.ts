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
  | { start: number; end: number; fen: number | null }
  | { start: number; end: number; problem: "negative" | "too_large" };

/**
 * The amount at the end of a 新商机 command (新商机 江南精密 35万), with where it starts so the name
 * before it can be told apart (a name may hold digits: 3M中国). Refused, rather than read another
 * way, when it is negative (-5万: the sign is not dropped) or beyond what a deal can be worth.
 */
export function chatAmount(text: string): ChatAmount | null {
  const last = [...text.matchAll(AMOUNTS)].at(-1);
  if (!last?.[1]) {
    return null;
  }
  const minus = MINUS.exec(text.slice(0, last.index));
  const start = minus ? minus.index + (minus[0].length - minus[0].trimStart().length) : last.index;
  const end = last.index + last[0].length;
  if (minus) {
    return { start, end, problem: "negative" };
  }
  const number = Number(last[1].replace(/,/g, ""));
  const unit = UNITS[(last[2] ?? "元").toLowerCase()] ?? 1;
  if (!Number.isFinite(number * unit) || number * unit > MAX_AMOUNT_YUAN) {
    return { start, end, problem: "too_large" };
  }
  const fen = Math.round(number * unit * 100);

  return { start, end, fen: fen > 0 ? fen : null };
}

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

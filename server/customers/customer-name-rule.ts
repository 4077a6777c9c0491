/** Letters of any script (汉字 included) and digits: what a rep can type back to find a customer. */
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/gu;

/**
 * Whether a name can be a customer's: at least two letters or digits. A name of emoji or punctuation
 * alone (🙂, ……) matches whatever message holds the same symbol, so follow-ups would land on it.
 * Chat (新客户) and the customers import share this rule, so neither makes a record the other refuses.
 */
export function hasEnoughLetters(name: string): boolean {
  return (name.match(LETTER_OR_DIGIT) ?? []).length >= 2;
}

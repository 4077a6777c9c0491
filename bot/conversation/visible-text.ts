/**
 * Zero-width and bidirectional control characters: U+200B–U+200F (zero-width space, joiners, LRM,
 * RLM), U+202A–U+202E (embeddings and overrides), U+2060–U+2064 (word joiner, invisible operators)
 * and U+FEFF (BOM, zero-width no-break space).
 */
const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2060-\u2064\uFEFF]/gu;

/**
 * A rep's text without the characters nobody sees. Phone keyboards, pasted web text and some input
 * methods slip them in; left in, `\u200b客户 绍兴纺织` is no command, `帮助\u200b` is a follow-up, and
 * a bidi override before 客户 makes a command look like a call's conclusions. Removing them changes
 * nothing a person can read, so it happens once, before the text is read as anything.
 */
export function visibleText(text: string): string {
  return text.replace(INVISIBLE, "");
}

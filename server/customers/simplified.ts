import { Converter } from "opencc-js/t2cn";

// The same conversion the extractor's normalisation uses (server/extractor/rules/normalize-text.ts),
// so that a name written here compares equal to the name matching reads.
const convert = Converter({ from: "hk", to: "cn" });
const known = new Map<string, string>();

/**
 * The text with traditional characters as simplified (客戶 → 客户, 錢總 → 钱总), one character for
 * one, everything else as written: what a command is read as, and how a new contact's name is kept.
 */
export function toSimplified(text: string): string {
  let out = "";
  for (const char of text) {
    out += simplifiedChar(char);
  }

  return out;
}

function simplifiedChar(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  if (code < 0x3400) {
    return char;
  }
  let simplified = known.get(char);
  if (simplified === undefined) {
    const candidate: string = convert(char);
    // OpenCC converts phrases too; a character that would change length is kept as written.
    simplified = [...candidate].length === 1 ? candidate : char;
    known.set(char, simplified);
  }

  return simplified;
}

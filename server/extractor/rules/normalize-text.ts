import { Converter } from "opencc-js/t2cn";

const toSimplified = Converter({ from: "hk", to: "cn" });
const simplifiedOf = new Map<string, string>();

/**
 * A copy of the text the rules can match against: full-width letters, digits and punctuation become
 * half-width (，→, ：→:), English is lower-cased, traditional characters become simplified, and known
 * typos are fixed. Every step maps one UTF-16 unit to one, so an offset in the copy is the same offset
 * in the original and evidence can quote the rep's own characters.
 */
export function normalizeText(
  text: string,
  typoFixes: RegExp | null,
  typos: Map<string, string>,
): string {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xff01 && code <= 0xff5e) {
      out += String.fromCharCode(code - 0xfee0).toLowerCase();
    } else if (code === 0x3000) {
      out += " ";
    } else if (code >= 0x41 && code <= 0x5a) {
      out += String.fromCharCode(code + 32);
    } else if ((code >= 0x3400 && code <= 0x9fff) || (code >= 0xf900 && code <= 0xfaff)) {
      out += simplified(text[i] as string);
    } else {
      out += text[i];
    }
  }
  if (typoFixes) {
    out = out.replace(typoFixes, (typo) => typos.get(typo) ?? typo);
  }

  return out;
}

function simplified(char: string): string {
  const known = simplifiedOf.get(char);
  if (known !== undefined) {
    return known;
  }
  const candidate: string = toSimplified(char);
  // OpenCC converts phrases too; a character that would change length is kept as written.
  const converted = candidate.length === 1 ? candidate : char;
  simplifiedOf.set(char, converted);

  return converted;
}

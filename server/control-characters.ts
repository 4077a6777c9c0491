// biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point.
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/**
 * Removes the control characters XML 1.0 forbids (NUL, backspace, form feed …; tab and newlines
 * stay). Text from outside (a rep's chat, a phone system's transcript, a form) may carry them
 * unfiltered, and PostgreSQL refuses NUL in any text column: one stray character would fail the
 * whole message on every retry. Dropping it loses nothing a person wrote on purpose.
 */
export function withoutControlCharacters(text: string): string {
  return text.replace(FORBIDDEN, "");
}

/** The same for every string in a parsed JSON body, keys included. */
export function jsonWithoutControlCharacters(value: unknown): unknown {
  if (typeof value === "string") {
    return withoutControlCharacters(value);
  }
  if (Array.isArray(value)) {
    return value.map(jsonWithoutControlCharacters);
  }
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [
        withoutControlCharacters(key),
        jsonWithoutControlCharacters(inner),
      ]),
    );
  }

  return value;
}

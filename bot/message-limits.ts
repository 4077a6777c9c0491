import type { OutgoingMessage } from "./wecom-client";

/**
 * WeCom truncates text and markdown content past 2048 bytes of UTF-8 (doc 90236, message/send), which
 * would cut a digest mid-item and could split a character. Longer content is sent as several
 * messages, broken between lines where it can be and never inside a character.
 */
export const MAX_CONTENT_BYTES = 2048;

const bytes = (text: string) => Buffer.byteLength(text, "utf8");

/** Splits text into pieces of at most `limit` UTF-8 bytes: whole lines when they fit, code points otherwise. */
export function splitText(text: string, limit = MAX_CONTENT_BYTES): string[] {
  if (bytes(text) <= limit) {
    return [text];
  }
  const pieces: string[] = [];
  let current = "";
  const flush = () => {
    if (current) pieces.push(current);
    current = "";
  };
  for (const line of text.split("\n")) {
    const candidate = current ? `${current}\n${line}` : line;
    if (bytes(candidate) <= limit) {
      current = candidate;
      continue;
    }
    flush();
    if (bytes(line) <= limit) {
      current = line;
      continue;
    }
    // One line longer than the limit: cut it by code points, so no character is broken.
    for (const char of line) {
      if (bytes(current + char) > limit) flush();
      current += char;
    }
  }
  flush();

  return pieces;
}

/** The message as WeCom can take it: one message, or several when its text is too long for one. */
export function fitForWeCom(message: OutgoingMessage): OutgoingMessage[] {
  if (message.msgtype === "text") {
    return splitText(message.text.content).map((content) => ({
      msgtype: "text",
      text: { content },
    }));
  }
  if (message.msgtype === "markdown") {
    return splitText(message.markdown.content).map((content) => ({
      msgtype: "markdown",
      markdown: { content },
    }));
  }

  return [message];
}

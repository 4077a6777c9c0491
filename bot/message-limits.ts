import type { OutgoingMessage } from "./wecom-client";

/**
 * WeCom truncates text and markdown content past 2048 bytes of UTF-8 (doc 90236, message/send), which
 * would cut a digest mid-item and could split a character. Longer content is sent as several
 * messages, broken between blocks where it can be and never inside a character.
 */
export const MAX_CONTENT_BYTES = 2048;

const bytes = (text: string) => Buffer.byteLength(text, "utf8");

/** How far a line is indented: spaces, tabs and full-width spaces before its first character. */
const indentOf = (line: string) => /^[ \t\u3000]*/.exec(line)?.[0].length ?? 0;

/**
 * Lines grouped into blocks: a line no more indented than the first starts a block, and the more
 * indented lines under it belong to it (an item and its 关闭 line; a rep's heading and their items).
 */
function blocksOf(lines: string[]): string[][] {
  const base = indentOf(lines[0] ?? "");
  const blocks: string[][] = [];
  for (const line of lines) {
    const last = blocks[blocks.length - 1];
    if (last && indentOf(line) > base) last.push(line);
    else blocks.push([line]);
  }

  return blocks;
}

/** A line longer than the limit, cut by code points so that no character is broken. */
function cutLine(line: string, limit: number): string[] {
  const cuts: string[] = [];
  let current = "";
  for (const char of line) {
    if (current && bytes(current + char) > limit) {
      cuts.push(current);
      current = "";
    }
    current += char;
  }
  if (current) cuts.push(current);

  return cuts;
}

/**
 * The text as pieces no longer than the limit that a message may hold together: whole blocks when
 * they fit; a block too long alone gives its first line and the blocks under it, down to single lines
 * and, for a line too long alone, parts of it.
 */
function units(lines: string[], limit: number): string[] {
  return blocksOf(lines).flatMap((block) => {
    const text = block.join("\n");
    if (bytes(text) <= limit) return [text];
    if (block.length === 1) return cutLine(text, limit);
    return [...units(block.slice(0, 1), limit), ...units(block.slice(1), limit)];
  });
}

/**
 * Splits text into pieces of at most `limit` UTF-8 bytes, between blocks where it can (so a message
 * never starts with an indented line cut from its item), else between lines, else between characters.
 */
export function splitText(text: string, limit = MAX_CONTENT_BYTES): string[] {
  if (bytes(text) <= limit) {
    return [text];
  }
  const pieces: string[] = [];
  let current: string | null = null;
  for (const unit of units(text.split("\n"), limit)) {
    const candidate: string = current === null ? unit : `${current}\n${unit}`;
    if (bytes(candidate) <= limit) {
      current = candidate;
      continue;
    }
    if (current !== null) pieces.push(current);
    current = unit;
  }
  if (current !== null) pieces.push(current);

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

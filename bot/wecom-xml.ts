import { XMLBuilder } from "fast-xml-parser";
import { SaxesParser } from "saxes";
import { withoutControlCharacters } from "../server/control-characters";

/**
 * Reading uses saxes, a strict streaming parser: it refuses anything that is not well-formed, never
 * expands a DTD (WeCom never sends one, so one is refused outright), and hands every value over as
 * text, so a 19-digit MsgId or a zero-led `00123` stays exactly as sent. It does the callback's parse
 * in a third of the time fast-xml-parser's validate-then-parse takes, which matters on the hot path.
 * Writing uses fast-xml-parser's builder, which splits `]]>` inside CDATA correctly.
 */
const builder = new XMLBuilder({ cdataPropName: "__cdata", suppressEmptyNode: true });

export class XmlError extends Error {}

export type XmlRecord = { [key: string]: XmlValue };
export type XmlValue = string | XmlRecord | XmlValue[];

function addChild(parent: XmlRecord, name: string, value: XmlValue): void {
  const existing = parent[name];
  if (existing === undefined) {
    parent[name] = value;
  } else if (Array.isArray(existing)) {
    existing.push(value);
  } else {
    // A repeated element (SelectedItem, OptionId) becomes a list in document order.
    parent[name] = [existing, value];
  }
}

/**
 * The most elements and the deepest nesting a WeCom document has room for. The largest, a card event
 * with its selected options, has about a hundred elements four deep; a 1 MB body of empty elements
 * or deep nesting is not WeCom's, and parsing it to the end would let anyone hold the route busy.
 */
export const MAX_ELEMENTS = 256;
const MAX_DEPTH = 8;

/**
 * Parses a WeCom XML document and returns the children of its `<xml>` root: elements with children
 * become records, elements with only text become (trimmed) strings, repeated elements become lists.
 * A document with more than `maxElements` elements is refused as soon as the next one opens.
 */
export function parseWeComXml(raw: string, maxElements = MAX_ELEMENTS): XmlRecord {
  // WeCom passes a rep's text through unfiltered (WeCom doc 消息格式, document/path/90239, puts no
  // limit on Content), and a strict parser would refuse the whole message for one stray backspace.
  const text = withoutControlCharacters(raw);
  const parser = new SaxesParser({ xmlns: false, position: false });
  const root: XmlRecord = {};
  const open: { name: string; children: XmlRecord; text: string; hasChildren: boolean }[] = [];
  let failure: string | null = null;
  parser.on("error", (error) => {
    failure ??= error.message;
  });
  parser.on("doctype", () => {
    failure ??= "document type declarations are not accepted";
  });
  let elements = 0;
  parser.on("opentag", (tag) => {
    elements += 1;
    if (elements > maxElements || open.length >= MAX_DEPTH) {
      // Thrown out of write() to stop reading the rest of the body.
      throw new XmlError(`more than ${maxElements} elements or ${MAX_DEPTH} levels`);
    }
    const top = open.at(-1);
    if (top) top.hasChildren = true;
    open.push({ name: tag.name, children: {}, text: "", hasChildren: false });
  });
  const onText = (text: string) => {
    const top = open.at(-1);
    if (top) top.text += text;
  };
  parser.on("text", onText);
  parser.on("cdata", onText);
  parser.on("closetag", () => {
    const element = open.pop();
    if (!element) return;
    const value = element.hasChildren ? element.children : element.text.trim();
    addChild(open.at(-1)?.children ?? root, element.name, value);
  });
  try {
    parser.write(text).close();
  } catch (error) {
    failure ??= error instanceof Error ? error.message : "not well-formed XML";
  }
  if (failure !== null) {
    throw new XmlError(failure);
  }
  const xml = root.xml;
  if (xml === undefined || typeof xml !== "object" || Array.isArray(xml)) {
    throw new XmlError("no <xml> root element");
  }

  return xml;
}

/** A field of a parsed record as text: absent or nested values read as undefined. */
export function textField(record: XmlRecord, name: string): string | undefined {
  const value = record[name];

  return typeof value === "string" ? value : undefined;
}

export type XmlBuildValue =
  | string
  | number
  | { __cdata: string }
  | { [key: string]: XmlBuildValue };

/**
 * Builds `<xml>…</xml>`; text passed as `{ __cdata }` is wrapped in CDATA, and the builder splits
 * any `]]>` inside it so content cannot close the section early.
 */
export function buildWeComXml(fields: Record<string, XmlBuildValue>): string {
  return builder.build({ xml: fields }) as string;
}

/** Text as CDATA, with characters XML 1.0 forbids removed (models and phones do emit them). */
export function cdata(text: string): { __cdata: string } {
  return { __cdata: withoutControlCharacters(text) };
}

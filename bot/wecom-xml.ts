import { XMLBuilder, XMLParser, XMLValidator } from "fast-xml-parser";

/**
 * `parseTagValue: false` keeps every value a string: with the default, `<Content>00123</Content>`
 * becomes the number 123 and a 19-digit MsgId could lose precision (ECOSYSTEM.md §2.3).
 * Entity processing stays on so `&amp;` decodes; DTDs are refused before parsing instead.
 */
const parser = new XMLParser({
  ignoreDeclaration: true,
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
});

const builder = new XMLBuilder({ cdataPropName: "__cdata", suppressEmptyNode: true });

/** WeCom never sends a DOCTYPE; one in a callback is an attack (entity expansion, XXE), not a message. */
const DTD = /<!DOCTYPE|<!ENTITY/i;

export class XmlError extends Error {}

export type XmlRecord = { [key: string]: XmlValue };
export type XmlValue = string | XmlRecord | XmlValue[];

/** Parses a WeCom XML document and returns the children of its `<xml>` root. */
export function parseWeComXml(raw: string): XmlRecord {
  if (DTD.test(raw)) {
    throw new XmlError("document type declarations are not accepted");
  }
  if (XMLValidator.validate(raw) !== true) {
    throw new XmlError("not well-formed XML");
  }
  let doc: unknown;
  try {
    doc = parser.parse(raw);
  } catch {
    throw new XmlError("not well-formed XML");
  }
  const root = (doc as Record<string, unknown> | undefined)?.xml;
  if (root === null || typeof root !== "object" || Array.isArray(root)) {
    throw new XmlError("no <xml> root element");
  }

  return root as XmlRecord;
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
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping them is the point.
  return { __cdata: text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, "") };
}

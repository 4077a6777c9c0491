import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fitForWeCom, MAX_CONTENT_BYTES, splitText } from "../../bot/message-limits";

const bytes = (s: string) => Buffer.byteLength(s, "utf8");
/** Half of a surrogate pair on its own: what cutting an emoji in two leaves. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/u;

describe("fitting text into WeCom's 2048 bytes", () => {
  it("leaves a short text alone and splits a long one between lines", () => {
    const line = "客户说价格太高，要对比三家。".repeat(4);
    const long = Array.from({ length: 30 }, (_, i) => `${i + 1}. ${line}`).join("\n");

    const parts = splitText(long);

    expect(splitText("短消息")).toEqual(["短消息"]);
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.every((p) => bytes(p) <= MAX_CONTENT_BYTES)).toBe(true);
    expect(parts.join("\n")).toBe(long);
    expect(parts.every((p) => /^\d+\. /.test(p))).toBe(true);
  });

  it("never breaks a character, emoji included, and loses nothing, for any text", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: "grapheme", maxLength: 3000 }),
        fc.integer({ min: 8, max: 300 }),
        (text, limit) => {
          const parts = splitText(text, limit);
          return (
            parts.every((p) => bytes(p) <= limit && !LONE_SURROGATE.test(p)) &&
            parts.join("").replace(/\n/g, "") === text.replace(/\n/g, "")
          );
        },
      ),
      { numRuns: 200 },
    );
  });

  it("splits a long text message into several, and leaves cards as they are", () => {
    const long = "红点".repeat(800);
    const card = {
      msgtype: "template_card" as const,
      template_card: { card_type: "text_notice" as const, main_title: { title: "x" } },
    };

    // 1,600 characters of three bytes each: 4,800 bytes, three messages.
    expect(fitForWeCom({ msgtype: "text", text: { content: long } })).toHaveLength(3);
    expect(fitForWeCom(card)).toEqual([card]);
  });
});

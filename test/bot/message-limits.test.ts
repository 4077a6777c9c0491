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

  it("splits a digest between blocks, so no message starts with a line cut from its item", () => {
    const item = (i: number, indent: string) => [
      `${indent}${i}. 【沪西冷链物流】异议没处理：价格「价格太高，要对比三家」（逾期18小时）`,
      `${indent}   → 发降价说明、竞品对比或成功案例，发完在这里说一声`,
    ];
    const text = [
      "早上好，陈静。团队今天有 25 个红点：李娜 9、王强 8、张伟 8",
      "健康度（近30天）需要注意：",
      ...["团队", "李娜", "王强", "张伟"].map(
        (who) => `   ${who}：🔴 决策链覆盖率 24%（目标 60%，6/25）`,
      ),
      ...["李娜", "王强", "张伟"].flatMap((rep) => [
        `${rep}的前 3 个：`,
        ...[1, 2, 3].flatMap((i) => item(i, "  ")),
      ]),
      ...Array.from({ length: 12 }, (_, i) => item(i + 1, "")).flat(),
    ].join("\n");

    const parts = splitText(text);

    expect(parts.length).toBeGreaterThan(1);
    expect(parts.every((p) => bytes(p) <= MAX_CONTENT_BYTES)).toBe(true);
    expect(parts.join("\n")).toBe(text);
    expect(parts.filter((p) => /^\s/.test(p))).toEqual([]);
  });

  it("splits a block too long for one message between the items under it, then between lines", () => {
    const heading = "张伟的前 40 个：";
    const items = Array.from({ length: 40 }, (_, i) => [
      `  ${i + 1}. 【华东食品】需求没回应：报价「要一份正式报价单」（逾期2天）`,
      "     → 先回客户一句：报个价格区间，或者说哪天给方案",
    ]).flat();
    const text = [heading, ...items].join("\n");

    const parts = splitText(text);

    expect(parts.length).toBeGreaterThan(1);
    expect(parts.every((p) => bytes(p) <= MAX_CONTENT_BYTES)).toBe(true);
    expect(parts.join("\n")).toBe(text);
    expect(parts.slice(1).every((p) => /^ {2}\d+\. /.test(p))).toBe(true);
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

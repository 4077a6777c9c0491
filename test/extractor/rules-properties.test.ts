import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Evidence, Extraction } from "../../server/extractor/extraction";
import { createRulesExtractor } from "../../server/extractor/rules/rules-extractor";

const extractor = createRulesExtractor();

function allEvidence(r: Extraction): Evidence[] {
  return [
    ...r.tags.flatMap((t) => t.evidence),
    ...r.objections.flatMap((o) => o.evidence),
    ...r.roles.flatMap((x) => x.evidence),
    ...r.contacts.map((c) => c.evidence),
    ...r.demands.map((d) => d.evidence),
    ...r.responses.map((d) => d.evidence),
    ...r.closingActions.map((d) => d.evidence),
    ...r.competitors.map((d) => d.evidence),
    ...(r.commitment ? [r.commitment.evidence] : []),
  ];
}

/** Pieces of real sales talk, so that random strings also fire rules, not only miss them. */
const FRAGMENTS = [
  "客户说",
  "我说",
  "客户：",
  "我：",
  "價格太高",
  "不是问题",
  "不太担心",
  "采购王经理",
  "李工",
  "財務張姐",
  "下周三前",
  "明天下午3点",
  "三天内",
  "月底",
  "3月18号",
  "给他报价",
  "要对比三家",
  "比别家贵",
  "账期",
  "漏气",
  "会不会",
  "ＰＯ",
  "ＭＯＱ",
  "ERP",
  "😅",
  "🤷‍♂️",
  "，",
  "。",
  "？",
  " ",
  "\n",
  "50件",
  "两台",
  "说了不算",
  "等通知",
  "他们老板",
  "没一个搭理我",
  "贵公司",
  "今天下午就发",
  "3/18",
  "下下周一",
  "价格在我们预期里",
  "我自己倒是担心",
  "比隔壁园区贵5块",
  "采购部的小李",
  "准不准",
  "1111111111",
  "\u0000",
  "\ud800",
  "a\u0301",
];

const sentAt = fc.date({
  min: new Date("2020-01-01"),
  max: new Date("2035-12-31"),
  noInvalidDate: true,
});
const talk = fc
  .array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ unit: "grapheme", maxLength: 6 })), {
    maxLength: 40,
  })
  .map((parts) => parts.join(""));

describe("the rules extractor, for any input", () => {
  it("returns without throwing, and every evidence span is the input at its offsets", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: "grapheme", maxLength: 300 }),
          fc.string({ unit: "binary", maxLength: 200 }),
          talk,
        ),
        fc.constantFrom("chat" as const, "call_summary" as const),
        sentAt,
        (text, source, when) => {
          const r = extractor.extractNow({ text, source, sentAt: when });

          for (const e of allEvidence(r)) {
            expect(e.start).toBeGreaterThanOrEqual(0);
            expect(e.end).toBeGreaterThan(e.start);
            expect(e.end).toBeLessThanOrEqual(text.length);
            expect(text.slice(e.start, e.end)).toBe(e.text);
            expect(e.rule).not.toBe("");
          }
        },
      ),
      { numRuns: 1500 },
    );
  });

  it("resolves any commitment to a valid time in Asia/Shanghai", () => {
    fc.assert(
      fc.property(talk, sentAt, (text, when) => {
        const r = extractor.extractNow({ text, source: "chat", sentAt: when });

        if (r.commitment) {
          expect(r.commitment.dueAt).toMatch(/\+08:00$/);
          expect(Number.isNaN(Date.parse(r.commitment.dueAt))).toBe(false);
          expect(r.commitment.due).toMatch(
            /^(today|tomorrow|day_after_tomorrow|this_week|next_week|next_(monday|tuesday|wednesday|thursday|friday|saturday|sunday)|within_\d+[dh]|month_end|\d{4}-\d{2}-\d{2})$/,
          );
        }
      }),
      { numRuns: 1500 },
    );
  });
});

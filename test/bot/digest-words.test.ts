import { describe, expect, it } from "vitest";
import { renderManagerDigest } from "../../bot/renderers/digest-messages";
import { moneyWords } from "../../miniprogram/shared/words";

describe("amounts in words", () => {
  it("says 万元 from ten thousand yuan, plain yuan below, without float noise", () => {
    expect(moneyWords(350_000_000)).toBe("350万元");
    expect(moneyWords(123_456_789)).toBe("123.46万元");
    expect(moneyWords(1_000_000)).toBe("1万元");
    expect(moneyWords(10_000)).toBe("100元");
    expect(moneyWords(9_950)).toBe("99.5元");
    expect(moneyWords(30)).toBe("0.3元");
  });

  it("says 亿元 from a hundred million yuan", () => {
    expect(moneyWords(1_000_000_000_000)).toBe("100亿元");
    expect(moneyWords(12_000_000_000)).toBe("1.2亿元");
    expect(moneyWords(10_000_000_000)).toBe("1亿元");
    expect(moneyWords(9_999_000_000)).toBe("9999万元");
    expect(moneyWords(12_345_678_900)).toBe("1.23亿元");
    expect(moneyWords(9_999_999_999)).toBe("1亿元");
  });
});

describe("the manager's digest", () => {
  const text = (digest: Parameters<typeof renderManagerDigest>[0]) =>
    (renderManagerDigest(digest, new Date("2026-12-05T00:30:00Z")) as { text: { content: string } })
      .text.content;

  it("counts the manager's own items apart from the team's red dots", () => {
    const content = text({
      userid: "boss",
      name: "陈静",
      team: [{ userid: "rep1", name: "张伟", total: 0, top: [] }],
      own: [
        {
          rule: "verify_contacts",
          facts: { repName: "张伟", staleCount: 3 },
          overdueSince: new Date("2026-12-04T00:00:00Z"),
        },
      ],
      metrics: [],
    } as never);

    expect(content.split("\n").slice(0, 2)).toEqual([
      "早上好，陈静。团队今天没有红点。",
      "要你出面的 1 件：",
    ]);
  });

  it("counts the manager's own items apart, says 逾期, and keeps items under their heading", () => {
    const now = new Date("2026-12-05T00:30:00Z");
    const content = text({
      userid: "boss",
      name: "陈静",
      team: [
        {
          userid: "rep1",
          name: "张伟",
          total: 1,
          top: [
            {
              rule: "objection_open",
              facts: { customer: "沪西冷链物流", category: "price", phrase: "价格太高" },
              overdueSince: new Date(now.getTime() - 18 * 3_600_000),
              closeHint: "处理：发降价说明、竞品对比或成功案例，发完在这里说一声",
            },
          ],
        },
      ],
      own: [
        {
          rule: "health_red",
          facts: { repName: "李娜", metric: "coverage", value: 0.24, target: 0.6 },
          overdueSince: now,
          closeHint: "和李娜一起看看原因，把这项拉回目标",
        },
      ],
      metrics: [],
    } as never);

    expect(content.split("\n")).toEqual([
      "早上好，陈静。团队今天有 1 个红点：张伟 1",
      "另有 1 件要你出面：",
      "  1. 李娜的决策链覆盖率只有 24%（目标 60%）",
      "     → 和李娜一起看看原因，把这项拉回目标",
      "健康度（近30天）全部达标。",
      "张伟的前 1 个：",
      "  1. 【沪西冷链物流】异议没处理：价格「价格太高」（逾期18小时）",
      "     → 处理：发降价说明、竞品对比或成功案例，发完在这里说一声",
    ]);
  });
});

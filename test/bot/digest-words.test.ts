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
      "要你处理的 1 件：",
    ]);
  });
});

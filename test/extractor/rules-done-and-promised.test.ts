import { describe, expect, it } from "vitest";
import { createRulesExtractor } from "../../server/extractor/rules/rules-extractor";

const extractor = createRulesExtractor();
const SENT_AT = new Date("2026-03-11T10:00:00+08:00");
const extract = (text: string) => extractor.extractNow({ text, source: "chat", sentAt: SENT_AT });
const responses = (text: string) => extract(text).responses.map((r) => r.kind);
const closing = (text: string) => extract(text).closingActions.map((a) => a.kind);

describe("what the rep reports as sent answers a demand", () => {
  it("reads sending in any word order as a response to what was sent", () => {
    expect(responses("浦江包装 报价发了")).toEqual(["quote"]);
    expect(responses("常州新能源 褚采购 报价发过去了 20台 单价3.2万")).toEqual(["quote"]);
    expect(responses("江南精密 技术方案初稿发给李工了")).toEqual(["proposal"]);
    expect(responses("已经给他们发了报价单")).toEqual(["quote"]);
    expect(responses("把样品寄给王经理了")).toEqual(["sample"]);
    expect(responses("给他演示了一遍")).toEqual(["demo"]);
  });

  it("answers both things when one message names two", () => {
    expect(responses("浦江包装 报价单和资料都发给赵采购了")).toEqual(["quote", "spec"]);
    expect(responses("给浦江包装赵采购发了报价单和资料")).toEqual(["quote", "spec"]);
  });

  it("reads a new price as a quote sent and as a closing action for price", () => {
    const r = extract("华东食品 给刘经理重新报了价，降了3个点");

    expect(r.responses.map((x) => x.kind)).toEqual(["quote"]);
    expect(r.closingActions.map((a) => [a.kind, a.closes])).toEqual([
      ["price_explanation", ["price"]],
    ]);
  });

  it("gives no answer for what is not sent yet or only asked about", () => {
    expect(responses("报价还没发")).toEqual([]);
    expect(responses("报价发了吗")).toEqual([]);
    expect(responses("回头把资料发给他")).toEqual([]);
  });

  it("takes a date given for the thing as a 时间节点, a first response to the demand (DESIGN.md)", () => {
    expect(responses("下周三前给他们报价")).toEqual(["quote"]);
    expect(responses("我说明天把方案发给他")).toEqual(["proposal"]);
    expect(responses("问能不能月底前先送两台样机")).toEqual([]);
  });
});

describe("a closing action is something done, not a word or a plan", () => {
  it("closes nothing on bare keywords", () => {
    expect(closing("沪西冷链 降价说明 竞品对比表")).toEqual([]);
  });

  it("closes nothing on a promise, which stays a commitment", () => {
    const r = extract("李工那边 下周发案例给他");

    expect(r.closingActions).toEqual([]);
    expect(r.commitment?.due).toBe("next_week");
    expect(closing("准备给王总发竞品对比表")).toEqual([]);
    expect(closing("打算明天安排试机")).toEqual([]);
  });

  it("closes on what the rep says was done", () => {
    expect(closing("把成功案例发给王总了")).toEqual(["success_case"]);
    expect(closing("今天带他们参观了样板客户")).toEqual(["success_case"]);
    expect(closing("已经安排试机了")).toEqual(["trial"]);
  });
});

describe("a failed attempt reaches no one", () => {
  it("marks a call not answered or a person away as an attempt, with no one reached", () => {
    for (const text of [
      "长三角 钱总电话没打通",
      "宁波港机卫经理 没接电话",
      "王总手机关机",
      "给刘经理发了微信，已读不回",
    ]) {
      const r = extract(text);

      expect(r.failedAttempt, text).not.toBeNull();
      expect(
        r.contacts.filter((c) => c.contacted),
        text,
      ).toEqual([]);
      expect(r.roles, text).toEqual([]);
    }
  });

  it("counts the message as contact when someone was reached after all or was heard", () => {
    expect(extract("钱总电话没打通，后来回电了，说下周来看").failedAttempt).toBeNull();
    expect(extract("王总不在，跟李工聊了，他说参数不够").failedAttempt).toBeNull();
  });
});

describe("a commitment is our next step, not the customer's schedule or ask", () => {
  it("keeps the customer's own dated step as theirs", () => {
    expect(extract("他们老板下周一开会定").commitment).toMatchObject({
      due: "next_monday",
      ours: false,
    });
    expect(extract("下周签合同").commitment).toMatchObject({ due: "next_week", ours: false });
    expect(extract("他说上季度的款下周一到账").commitment?.ours).toBe(false);
  });

  it("keeps the rep's promise and a date fixed with us as ours", () => {
    expect(extract("我说下周三前给他方案").commitment?.ours).toBe(true);
    expect(extract("约了后天下午再过来签合同").commitment?.ours).toBe(true);
  });

  it("reads a date the customer asks about as their request, not a promise", () => {
    const r = extract("问能不能月底前先送两台样机");

    expect(r.commitment).toBeNull();
    expect(r.demands.map((d) => d.kind)).toEqual(["sample"]);
    expect(extract("问能不能月底前先送两台样机，我说没问题").commitment?.due).toBe("month_end");
  });
});

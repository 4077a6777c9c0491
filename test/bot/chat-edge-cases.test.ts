import { IsNull, Not } from "typeorm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { Customer } from "../../server/db/entities/customer.entity";
import { Interaction } from "../../server/db/entities/interaction.entity";
import { Opportunity } from "../../server/db/entities/opportunity.entity";
import { textMessage } from "../emulator/wecom-messages";
import { type Harness, startHarness } from "../support/beat-harness";
import { postCallSummary } from "../support/call-system";
import { addCustomers } from "../support/customers";
import { describeEachDatabase, type TestDatabase } from "../support/databases";
import { inboxRows, settledInbox } from "../support/inbox-rows";
import { addPeople } from "../support/people";
import { waitFor } from "../support/wait-for";

const SECRET = "edge-case-call-secret-0123456789";

describeEachDatabase("what reps actually type", (kind) => {
  let database: TestDatabase;
  let h: Harness;
  let ids: Map<string, number>;

  beforeAll(async () => {
    database = await kind.create();
    h = await startHarness(database.target, { env: { CALL_SUMMARY_SECRET: SECRET } });
    await addPeople(h.beat.db, [
      { userid: "lina", name: "李娜" },
      { userid: "wq", name: "王强" },
      { userid: "ack", name: "安可" },
    ]);
    ids = await addCustomers(h.beat.db, [
      { name: "温州阀门集团", owner: "wq" },
      { name: "江南精密机械", owner: "lina" },
      { name: "锡山环保设备", owner: "lina" },
      { name: "常州新能源电池", owner: "lina" },
      { name: "浦江包装材料", owner: "lina" },
    ]);
  });

  afterAll(async () => {
    await h?.stop();
    await database?.dispose();
  });

  const interactions = () =>
    h.beat.db.dataSource.getRepository(Interaction).find({ order: { id: "ASC" } });
  async function say(from: string, text: string) {
    const before = h.emulator.messagesTo(from).length;
    await h.emulator.pushCallback(h.callbackUrl, textMessage(h.app, from, text));
    return waitFor(() => h.emulator.messagesTo(from)[before], `the answer to ${from}`);
  }
  async function call(callId: string, customer: string) {
    const before = h.emulator.messagesTo("lina").length;
    await postCallSummary(h.beat.url, SECRET, {
      callId,
      repUserId: "lina",
      customer: { name: customer },
      startedAt: new Date().toISOString(),
      durationSec: 60,
      summary: "客户问交期多久",
    });
    await waitFor(() => h.emulator.messagesTo("lina")[before], "the question about the call");
  }

  it("asks, with creating it as an answer, when a new company only loosely matches a customer", async () => {
    const reply = await say("wq", "拜访了苏州阀门厂的采购，客户说价格太高");
    const card = h.emulator.lastCardTo("wq");

    expect(reply.msgtype).toBe("template_card");
    expect(card.buttons.map((b) => b.key)).toEqual([
      `pick:${ids.get("温州阀门集团")}`,
      "create",
      "none",
    ]);
    expect(reply.content).toContain("「苏州阀门厂」不在客户里");
  });

  it("reads sentences that start with a command word as follow-ups", async () => {
    const customersBefore = await h.beat.db.dataSource.getRepository(Customer).count();

    const newCustomerWords = await say("lina", "新客户今天来电咨询，问我们设备多少钱");
    const customerWords = await say("lina", "客户江南精密机械李工说价格太高，下周再谈");

    expect(await h.beat.db.dataSource.getRepository(Customer).count()).toBe(customersBefore);
    expect(newCustomerWords.content).not.toContain("已新建客户");
    expect(customerWords.content).toContain("已记到【江南精密机械】");
  });

  it("keeps nothing for a message with nothing in it, and explains a command word sent alone", async () => {
    const count = (await interactions()).length;

    const dots = await say("lina", "。。。");
    const emoji = await say("lina", "😂");
    const bare = await say("lina", "新客户");
    const question = await say("lina", "？");

    expect((await interactions()).length).toBe(count);
    expect(dots.content).toContain("没有记录");
    expect(emoji.content).toContain("没有记录");
    expect(bare.content).toMatch(/^用法：新客户 名称/);
    expect(question.content).toContain("命令：");
  });

  it("keeps no test, laughter or acknowledgement, but logs news that has them around it", async () => {
    const count = (await interactions()).length;

    const test = await say("lina", "测试");
    const laughter = await say("lina", "哈".repeat(5000));
    const thanks = await say("lina", "好的，收到！谢谢 ok");
    const news = await say("lina", "哈哈哈，江南精密机械李工说价格太高");

    expect(test.content).toContain("没有记录");
    expect(laughter.content).toContain("没有记录");
    expect(thanks.content).toBe("好的，这条不用记。");
    expect(news.content).toContain("已记到【江南精密机械】");
    expect((await interactions()).length).toBe(count + 1);
  });

  it("records no acknowledgement as a follow-up and answers each in a few words", async () => {
    const words = ["确认", "收到", "好的", "好", "嗯", "嗯嗯", "ok", "OK", "👌", "谢谢", "知道了"];
    await say("ack", "江南精密机械李工说价格太高");
    const count = (await interactions()).length;

    const replies = [];
    for (const word of words) {
      replies.push((await say("ack", word)).content);
    }

    expect(replies).toEqual(words.map(() => "好的，这条不用记。"));
    expect((await interactions()).length).toBe(count);
  });

  it("refuses a deal amount below zero or beyond what a deal can be worth, and opens nothing", async () => {
    const opportunities = () => h.beat.db.dataSource.getRepository(Opportunity).count();
    const before = await opportunities();

    const negative = await say("lina", "新商机 江南精密机械 -5万");
    const huge = await say("lina", "新商机 江南精密机械 999999999999万");
    const fine = await say("lina", "新商机 江南精密机械 35万");

    expect(negative.content).toContain("「-5万」是负数，商机没有建");
    expect(huge.content).toContain("超过了上限 100 亿元，商机没有建");
    expect(fine.content).toContain("35万元");
    expect(await opportunities()).toBe(before + 1);
  });

  it("answers a refused command instead of retrying it", async () => {
    const reply = await say("lina", "新客户 A");
    await new Promise((resolve) => setTimeout(resolve, 100));

    expect(reply.content).toBe("客户名称要 2 到 100 个字，其中至少两个汉字、字母或数字。");
    expect((await inboxRows(h.beat.db)).filter((r) => r.status === "failed")).toHaveLength(0);
  });

  it("refuses a customer name without two letters or digits, so no emoji becomes a customer", async () => {
    const customers = () => h.beat.db.dataSource.getRepository(Customer).count();
    const before = await customers();

    const smile = await say("wq", "新客户 🙂");
    const smiles = await say("wq", "新客户 🙂🙂🙂");
    const letters = await say("wq", "新客户 3M中国");

    expect(smile.content).toContain("其中至少两个汉字、字母或数字");
    expect(smiles.content).toContain("其中至少两个汉字、字母或数字");
    expect(letters.content).toMatch(/^已新建客户【3M中国】/);
    expect(await customers()).toBe(before + 1);
  });

  it("refuses an unreadable or zero deal amount; takes a name with digits and no amount", async () => {
    const opportunities = () => h.beat.db.dataSource.getRepository(Opportunity).count();
    const before = await opportunities();

    const unreadable = [];
    for (const amount of ["1e9", "abc", "Infinity", "NaN", "三十五万"]) {
      unreadable.push(await say("wq", `新商机 温州阀门集团 ${amount}`));
    }
    const tiny = await say("wq", "新商机 温州阀门集团 0.001");
    const zero = await say("wq", "新商机 温州阀门集团 0");
    const digitsInName = await say("wq", "新商机 3M中国");

    expect(unreadable[0]?.content).toMatch(
      /^金额「1e9」没看懂，商机没有建。\n金额这样写：35万、350000 或 35.5万元/,
    );
    expect(unreadable.map((r) => r.content.includes("没看懂，商机没有建"))).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(tiny.content).toContain("金额要大于 0，商机没有建");
    expect(zero.content).toContain("金额要大于 0，商机没有建");
    expect(digitsInName.content).toMatch(/^已建商机【.*】，金额未填/);
    expect(await opportunities()).toBe(before + 1);
  });

  it("asks before creating a customer whose name is the start of another's", async () => {
    const similar = await say("lina", "新客户 江南精密");
    const confirmed = await say("lina", "新客户 江南精密 确认");

    expect(similar.content).toContain("已经有相近的客户：江南精密机械");
    expect(confirmed.content).toMatch(/^已新建客户【江南精密】/);
  });

  it("attaches a reply to the call on the customer it names, and logs one about another customer as a follow-up", async () => {
    await call("edge-1", "锡山环保设备");
    await call("edge-2", "浦江包装材料");

    const other = await say("lina", "常州新能源电池陈工说参数确认了，下周签合同");
    const first = await say("lina", "锡山环保设备那通：冯厂长同意先试用一台");
    const latest = await say("lina", "浦江包装材料要样品");
    const calls = await h.beat.db.dataSource.getRepository(Interaction).find({
      where: { source: "call_summary" },
      order: { id: "ASC" },
    });

    expect(other.content).toContain("已记到【常州新能源电池】");
    expect(first.content).toMatch(/^通话结论已补充。\n已记到【锡山环保设备】/);
    expect(latest.content).toMatch(/^通话结论已补充。\n已记到【浦江包装材料】/);
    expect(calls.map((c) => c.conclusions)).toEqual([
      "锡山环保设备那通：冯厂长同意先试用一台",
      "浦江包装材料要样品",
    ]);
  });

  it("refuses a call for someone not on the team, and a call id reused for another call", async () => {
    const body = {
      callId: "edge-3",
      repUserId: "lina",
      customer: { name: "锡山环保设备" },
      startedAt: "2026-12-04T10:00:00+08:00",
      durationSec: 30,
      summary: "客户说再看看",
    };

    const stranger = await postCallSummary(h.beat.url, SECRET, {
      ...body,
      callId: "edge-4",
      repUserId: "nobody",
    });
    const first = await postCallSummary(h.beat.url, SECRET, body);
    const replay = await postCallSummary(h.beat.url, SECRET, body);
    const reused = await postCallSummary(h.beat.url, SECRET, {
      ...body,
      summary: "完全不同的一通电话",
    });
    const millis = await postCallSummary(h.beat.url, SECRET, body, { timestamp: Date.now() });

    expect(stranger).toMatchObject({ status: 422, json: { error: "rep_unknown" } });
    expect(first.json.status).toBe("accepted");
    expect(replay).toMatchObject({ status: 202, json: { status: "duplicate" } });
    expect(reused).toMatchObject({ status: 409, json: { error: "call_id_reused" } });
    expect(millis).toMatchObject({ status: 401, json: { error: "timestamp_invalid" } });
  });

  it("tells someone not on the team once, not once per message, and records nothing", async () => {
    await settledInbox(h.beat.db);
    const before = (await interactions()).length;
    const first = await say("outsider", "王总说价格太高");
    for (let i = 0; i < 5; i++) {
      await h.emulator.pushCallback(h.callbackUrl, textMessage(h.app, "outsider", `第${i}条`));
    }
    await settledInbox(h.beat.db);
    await h.beat.outbox.drain();

    expect(first.content).toContain("不在 Beat 的团队名单里");
    expect(h.emulator.messagesTo("outsider")).toHaveLength(1);
    expect(await interactions()).toHaveLength(before);
  });

  it("reads a name too long for a customer as the 新客户 command and refuses it", async () => {
    const count = (await interactions()).length;
    const customers = await h.beat.db.dataSource.getRepository(Customer).count();

    const reply = await say("wq", `新客户 ${"长".repeat(300)}`);

    expect(reply.content).toContain("名称要 2 到 100 个字");
    expect((await interactions()).length).toBe(count);
    expect(await h.beat.db.dataSource.getRepository(Customer).count()).toBe(customers);
  });

  // Most of these go to wq: lina has had close to WeCom's 30 messages a minute by now.
  it("runs a command holding zero-width or bidi characters, even while a call waits", async () => {
    await call("edge-5", "锡山环保设备");
    const count = (await interactions()).length;
    const concluded = () =>
      h.beat.db.dataSource
        .getRepository(Interaction)
        .countBy({ source: "call_summary", conclusions: Not(IsNull()) });
    const concludedBefore = await concluded();

    const zeroWidth = await say("wq", "\u200b客户 温州阀门集团");
    const help = await say("wq", "帮助\u200b");
    const override = await say("lina", "\u202e客户 锡山环保设备");
    const joined = await say("wq", "今\u2060天\u200d");

    expect(zeroWidth.content).toMatch(/^【温州阀门集团】/);
    expect(help.content).toContain("命令：");
    expect(override.content).toMatch(/^【锡山环保设备】/);
    expect(joined.content).not.toContain("已记到");
    expect((await interactions()).length).toBe(count);
    expect(await concluded()).toBe(concludedBefore);
  });
});

import { afterAll, beforeAll, expect, it } from "vitest";
import { Contact } from "../../server/db/entities/contact.entity";
import { Customer } from "../../server/db/entities/customer.entity";
import { Interaction } from "../../server/db/entities/interaction.entity";
import { textMessage } from "../emulator/wecom-messages";
import { type Harness, startHarness } from "../support/beat-harness";
import { postCallSummary } from "../support/call-system";
import { addCustomers } from "../support/customers";
import { describeEachDatabase, type TestDatabase } from "../support/databases";
import { addPeople } from "../support/people";
import { waitFor } from "../support/wait-for";

const SECRET = "naming-call-secret-0123456789abcd";

describeEachDatabase("which customer a chat line names", (kind) => {
  let database: TestDatabase;
  let h: Harness;
  let ids: Map<string, number>;

  beforeAll(async () => {
    database = await kind.create();
    h = await startHarness(database.target, { env: { CALL_SUMMARY_SECRET: SECRET } });
    await addPeople(h.beat.db, [
      { userid: "yang", name: "杨帆" },
      { userid: "han", name: "韩梅" },
      { userid: "qian", name: "钱多" },
      { userid: "tw", name: "林台" },
      { userid: "cmd", name: "齐明" },
      { userid: "amb", name: "安波" },
      { userid: "pfx", name: "裴夏" },
    ]);
    ids = await addCustomers(h.beat.db, [
      { name: "台州汽配制造", owner: "yang" },
      { name: "温州阀门集团", owner: "han" },
      {
        name: "长三角乳业",
        owner: "qian",
        contacts: [{ name: "钱总", role: "executive" }],
      },
      { name: "华东某食品有限公司", owner: "qian" },
      { name: "华东精工机械", owner: "qian" },
      { name: "杭州恒远化工", owner: "cmd" },
      // tw's, so that tw may read it with 客戶 (a 客户 answer stays within the asker's reach).
      { name: "江南精密机械", owner: "tw" },
    ]);
  });

  afterAll(async () => {
    await h?.stop();
    await database?.dispose();
  });

  const repo = <T extends object>(entity: new () => T) =>
    h.beat.db.dataSource.getRepository(entity);
  async function say(from: string, text: string) {
    const before = h.emulator.messagesTo(from).length;
    await h.emulator.pushCallback(h.callbackUrl, textMessage(h.app, from, text));
    return waitFor(() => h.emulator.messagesTo(from)[before], `the answer to ${from}`);
  }

  it("asks about a company it does not know instead of logging it on the last customer", async () => {
    const first = await say("yang", "台州汽配制造杨主任说价格太高");
    const other = await say("yang", "杭州乳业钱总说价格太高");
    const card = h.emulator.lastCardTo("yang");
    const waiting = await repo(Interaction).findOneByOrFail({ text: "杭州乳业钱总说价格太高" });
    const contacts = await repo(Contact).findBy({ customerId: ids.get("台州汽配制造") });

    expect(first.content).toContain("已记到【台州汽配制造】");
    expect(other.msgtype).toBe("template_card");
    expect(other.content).toContain("没找到客户「杭州乳业」");
    expect(card.buttons.map((b) => b.key)).toEqual([
      "create",
      `pick:${ids.get("台州汽配制造")}`,
      "none",
    ]);
    expect(waiting).toMatchObject({ status: "awaiting_customer", customerId: null });
    expect(contacts.map((c) => c.name)).not.toContain("钱总");
  });

  it("still reads a follow-up that names no company as being about the last customer", async () => {
    const before = h.emulator.messagesTo("yang").length;
    await h.emulator.clickCard(
      h.callbackUrl,
      h.emulator.lastCardTo("yang"),
      `pick:${ids.get("台州汽配制造")}`,
    );
    await waitFor(() => h.emulator.messagesTo("yang")[before], "the logged reply");

    const reply = await say("yang", "杨主任又说交期要快一点");

    expect(reply.content).toContain("已记到【台州汽配制造】（接上一条）");
  });

  it("asks, offering to create it, when a company named without a verb only looks alike", async () => {
    const bare = await say("han", "苏州阀门厂说价格太高");
    const bareCard = h.emulator.lastCardTo("han");
    const withContact = await say("han", "苏州阀门厂韩采购说价格太高");
    const contactCard = h.emulator.lastCardTo("han");
    const onWenzhou = await repo(Interaction).findBy({ customerId: ids.get("温州阀门集团") });

    for (const [reply, card] of [
      [bare, bareCard],
      [withContact, contactCard],
    ] as const) {
      expect(reply.msgtype).toBe("template_card");
      expect(reply.content).toContain("「苏州阀门厂」不在客户里");
      expect(card.buttons.map((b) => b.key)).toEqual([
        `pick:${ids.get("温州阀门集团")}`,
        "create",
        "none",
      ]);
    }
    expect(onWenzhou).toHaveLength(0);
  });

  it("logs onto another known customer named at the start, not onto the last one", async () => {
    await say("yang", "台州汽配制造杨主任说要看案例");

    const reply = await say("yang", "长三角乳业钱总说下周来看样机");

    expect(reply.content).toContain("已记到【长三角乳业】");
    expect(reply.content).not.toContain("接上一条");
  });

  it("does not take a message about another customer for a waiting call's conclusions", async () => {
    const before = h.emulator.messagesTo("qian").length;
    await postCallSummary(h.beat.url, SECRET, {
      callId: "naming-1",
      repUserId: "qian",
      customer: { name: "长三角乳业" },
      startedAt: new Date().toISOString(),
      durationSec: 120,
      summary: "客户问交期多久",
    });
    await waitFor(() => h.emulator.messagesTo("qian")[before], "the question about the call");

    const other = await say("qian", "华东的王总说价格太高");
    const picks = h.emulator.lastCardTo("qian").buttons.map((b) => b.key);
    const unknown = await say("qian", "杭州乳业钱总说价格太高");
    const conclusions = await say("qian", "钱总同意先试用一台");
    const call = await repo(Interaction).findOneByOrFail({ sourceKey: "call:naming-1" });
    const card = h.emulator.lastCardTo("qian");

    expect(other.msgtype).toBe("template_card");
    expect(other.content).not.toContain("通话结论");
    expect(unknown.msgtype).toBe("template_card");
    expect(unknown.content).toContain("没找到客户「杭州乳业」");
    expect(conclusions.content).toMatch(/^通话结论已补充。\n已记到【长三角乳业】/);
    expect(call.conclusions).toBe("钱总同意先试用一台");
    expect(card.buttons.map((b) => b.key)).toContain("create");
    expect(picks).toEqual([
      `pick:${ids.get("华东精工机械")}`,
      `pick:${ids.get("华东某食品有限公司")}`,
      "none",
    ]);
  });

  it("reads traditional characters as simplified: no second contact, and 客戶 is the command", async () => {
    const visit = await say("tw", "拜訪了長三角乳業，錢總說價格太高");
    const summary = await say("tw", "客戶 江南精密機械");
    const contacts = await repo(Contact).findBy({ customerId: ids.get("长三角乳业") });
    const logged = await repo(Interaction).findBy({ repUserid: "tw" });

    expect(visit.content).toContain("已记到【长三角乳业】");
    expect(visit.content).toContain("钱总（高管）");
    expect(contacts.map((c) => c.name)).toEqual(["钱总"]);
    expect(summary.content).toContain("【江南精密机械】");
    expect(logged).toHaveLength(1);
  });

  it("finds customers for 客户 as follow-ups do: asks which of two, knows names without city", async () => {
    const two = await say("cmd", "客户 华东");
    const noCity = await say("cmd", "客户 恒远化工");
    const lookalike = await say("cmd", "客户 苏州阀门厂");

    expect(two.content).toContain("对得上 2 个客户：华东某食品有限公司、华东精工机械");
    expect(noCity.content).toContain("【杭州恒远化工】");
    expect(lookalike.content).toContain("没找到客户「苏州阀门厂」");
    expect(lookalike.content).toContain("名字相近的客户：温州阀门集团");
    expect(await repo(Customer).count()).toBe(7);
  });

  it("places a follow-up naming a customer only on that one: 新客户 of another takes nothing", async () => {
    const customers = await repo(Customer).count();
    const ambiguous = await say("amb", "华东的孙经理说价格太高");
    const followUp = () => repo(Interaction).findOneByOrFail({ repUserid: "amb" });

    const existing = await say("amb", "新客户 江南精密机械");
    const afterExisting = await followUp();
    const created = await say("amb", "新客户 华东电子科技");
    const afterCreated = await followUp();

    expect(ambiguous.msgtype).toBe("template_card");
    expect(existing.content).toBe(
      "客户【江南精密机械】已经有了，没有重复创建。\n查看请发「客户 江南精密机械」。",
    );
    expect(afterExisting).toMatchObject({ status: "awaiting_customer", customerId: null });
    expect(created.content).toBe("已新建客户【华东电子科技】，负责人是你。");
    expect(afterCreated).toMatchObject({ status: "awaiting_customer", customerId: null });
    expect(await repo(Contact).findBy({ name: "孙经理" })).toHaveLength(0);
    expect(await repo(Customer).count()).toBe(customers + 1);
  });

  it("still places a follow-up that waited for an unknown company on the customer created next", async () => {
    const waiting = await say("amb", "孙经理说下周来厂里看样机");

    const created = await say("amb", "新客户 宁波港机配件");
    const placed = await repo(Interaction).findOneByOrFail({ text: "孙经理说下周来厂里看样机" });

    expect(waiting.content).toContain("没认出是哪个客户");
    expect(created.content).toMatch(/^已新建客户【宁波港机配件】。\n已记到【宁波港机配件】/);
    expect(placed.customerId).toBe(
      (await repo(Customer).findOneByOrFail({ name: "宁波港机配件" })).id,
    );
  });

  it("finds 客户 by the start of a name without its city, and asks when two share it", async () => {
    const added = await addCustomers(h.beat.db, [
      { name: "杭州恒润食品", owner: "pfx" },
      { name: "上海恒通物流", owner: "pfx" },
      { name: "恒通电子", owner: "pfx" },
    ]);

    const start = await say("pfx", "客户 恒润");
    const followUp = await say("pfx", "恒润的王总说价格太高");
    const card = h.emulator.lastCardTo("pfx");
    const shared = await say("pfx", "客户 恒通");

    expect(start.content).toMatch(/^【杭州恒润食品】/);
    expect(followUp.msgtype).toBe("template_card");
    expect(card.buttons.map((b) => b.key)).toContain(`pick:${added.get("杭州恒润食品")}`);
    expect(shared.content).toContain("对得上 2 个客户：");
    expect(shared.content).toContain("上海恒通物流");
    expect(shared.content).toContain("恒通电子");
  });
});

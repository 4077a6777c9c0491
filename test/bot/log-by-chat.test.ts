import { afterAll, beforeAll, expect, it } from "vitest";
import { Commitment } from "../../server/db/entities/commitment.entity";
import { Contact } from "../../server/db/entities/contact.entity";
import { Customer } from "../../server/db/entities/customer.entity";
import { Interaction } from "../../server/db/entities/interaction.entity";
import { Objection } from "../../server/db/entities/objection.entity";
import { textMessage } from "../emulator/wecom-messages";
import { type Harness, startHarness } from "../support/beat-harness";
import { addCustomers } from "../support/customers";
import { describeEachDatabase, type TestDatabase } from "../support/databases";
import { addPeople } from "../support/people";
import { waitFor } from "../support/wait-for";

/** Monday 2026-11-30, 15:00 in Shanghai: 下周三 is Wednesday 2026-12-09. */
const MONDAY_AFTERNOON = Math.floor(new Date("2026-11-30T15:00:00+08:00").getTime() / 1000);

describeEachDatabase("logging a follow-up by chat", (kind) => {
  let database: TestDatabase;
  let h: Harness;
  let ids: Map<string, number>;

  beforeAll(async () => {
    database = await kind.create();
    h = await startHarness(database.target);
    await addPeople(h.beat.db, [
      { userid: "chenjing", name: "陈静", role: "manager" },
      { userid: "zhangwei", name: "张伟", managerUserid: "chenjing" },
      { userid: "lina", name: "李娜", managerUserid: "chenjing" },
      { userid: "zhaolei", name: "赵磊", role: "manager" },
      { userid: "admin1", name: "管理员", role: "admin" },
    ]);
    ids = await addCustomers(h.beat.db, [
      {
        name: "华东某食品有限公司",
        owner: "zhangwei",
        industry: "食品加工",
        address: "上海市闵行区申富路 88 号",
        contacts: [{ name: "刘总", role: "executive" }],
      },
      { name: "江南精密机械", owner: "lina" },
      { name: "江南精密铸造", owner: "lina" },
    ]);
  });

  afterAll(async () => {
    await h?.stop();
    await database?.dispose();
  });

  const repo = <T extends object>(entity: new () => T) =>
    h.beat.db.dataSource.getRepository(entity);
  /** Sends a rep's text as WeCom would and waits for the bot's next message to that rep. */
  async function say(from: string, text: string, createTime = Math.floor(Date.now() / 1000)) {
    const before = h.emulator.messagesTo(from).length;
    const answer = await h.emulator.pushCallback(
      h.callbackUrl,
      textMessage(h.app, from, text, { createTime }),
    );
    expect(answer.status).toBe(200);
    return waitFor(() => h.emulator.messagesTo(from)[before], `a reply to ${from}`);
  }

  it("logs the example visit: contacts with roles, both objections, next Wednesday, and a reply naming each tag", async () => {
    const text =
      "下午拜访了华东某食品，见了采购王经理和李工，客户说价格太高，要对比三家，下周三前给他们报价";

    const reply = await say("zhangwei", text, MONDAY_AFTERNOON);
    const customerId = ids.get("华东某食品有限公司") as number;
    const interactions = await repo(Interaction).findBy({ customerId });
    const contacts = await repo(Contact).find({ where: { customerId }, order: { name: "ASC" } });
    const objections = await repo(Objection).findBy({ customerId });
    const commitments = await repo(Commitment).findBy({ customerId });
    const customer = await repo(Customer).findOneByOrFail({ id: customerId });

    expect(interactions).toMatchObject([
      { repUserid: "zhangwei", source: "chat", text, status: "logged" },
    ]);
    expect(contacts.map((c) => [c.name, c.role])).toEqual(
      expect.arrayContaining([
        ["王经理", "procurement"],
        ["李工", "technical"],
      ]),
    );
    expect(objections.map((o) => o.category).sort()).toEqual(["competitor", "price"]);
    expect(commitments).toMatchObject([{ due: "next_wednesday", madeBy: expect.any(String) }]);
    expect(commitments[0]?.dueAt.toISOString().slice(0, 10)).toBe("2026-12-09");
    expect(customer.tags.price_sensitive?.phrase).toBe("价格太高");
    expect(customer.lastContactAt?.getTime()).toBe(MONDAY_AFTERNOON * 1000);
    expect(reply.msgtype).toBe("text");
    expect(reply.content).toContain("已记到【华东某食品有限公司】");
    expect(reply.content).toContain("价格敏感「价格太高」");
    expect(reply.content).toMatch(/王经理（采购，新建）/);
    // The first two gaps, and how many in all: 需求、预算、时间线 are among the five.
    expect(reply.content).toMatch(/\n还缺：财务联系人、使用部门联系人等 5 项$/);
  });

  it("logs a follow-up that names no customer on the one the rep spoke of a moment ago", async () => {
    const reply = await say("zhangwei", "王经理又来电话，说要看成功案例", MONDAY_AFTERNOON + 600);
    const last = await repo(Interaction).findOne({
      where: { repUserid: "zhangwei" },
      order: { id: "DESC" },
    });

    expect(last?.customerId).toBe(ids.get("华东某食品有限公司"));
    expect(reply.content).toContain("（接上一条）");
  });

  it("asks with a card when two customers match, and the card's button finishes the log", async () => {
    const text = "江南精密的李工说设备参数担心不稳定";

    const card = await say("lina", text);
    const sentCard = h.emulator.lastCardTo("lina");
    const waiting = await repo(Interaction).findOneByOrFail({ text });
    const before = h.emulator.messagesTo("lina").length;
    await h.emulator.clickCard(h.callbackUrl, sentCard, `pick:${ids.get("江南精密铸造")}`);
    const reply = await waitFor(() => h.emulator.messagesTo("lina")[before], "the logged reply");
    const logged = await repo(Interaction).findOneByOrFail({ id: waiting.id });
    const update = await waitFor(() => h.emulator.cardUpdates.at(-1), "the card update");

    expect(card.msgtype).toBe("template_card");
    expect(sentCard.buttons.map((b) => b.text)).toEqual(["江南精密机械", "江南精密铸造", "都不是"]);
    expect(waiting).toMatchObject({ status: "awaiting_customer", customerId: null });
    expect(logged).toMatchObject({ status: "logged", customerId: ids.get("江南精密铸造") });
    expect(reply.content).toContain("已记到【江南精密铸造】");
    expect(reply.content).toContain("技术疑虑");
    expect(update).toMatchObject({ userid: "lina", replaceName: "已记到江南精密铸造" });
  });

  it("ignores a second tap on the same card: the log stays where the first tap put it", async () => {
    const card = h.emulator.lastCardTo("lina");
    const updates = h.emulator.cardUpdates.length;

    await h.emulator.clickCard(h.callbackUrl, card, `pick:${ids.get("江南精密机械")}`, {
      userid: "lina",
    });
    await waitFor(
      () => (h.emulator.cardUpdates.length > updates ? true : undefined),
      "a card update",
    );
    const interaction = await repo(Interaction).findOneByOrFail({
      text: "江南精密的李工说设备参数担心不稳定",
    });

    expect(interaction.customerId).toBe(ids.get("江南精密铸造"));
    expect(h.emulator.cardUpdates.at(-1)?.replaceName).toBe("已处理");
  });

  it("never creates an unknown customer silently: it offers, and creates only on the tap", async () => {
    const text = "上午去了宁波港机配件，卫经理说交期太长";
    const customersBefore = await repo(Customer).count();

    const offer = await say("lina", text);
    const customersAfterOffer = await repo(Customer).count();
    const card = h.emulator.lastCardTo("lina");
    const before = h.emulator.messagesTo("lina").length;
    await h.emulator.clickCard(h.callbackUrl, card, "create");
    const reply = await waitFor(() => h.emulator.messagesTo("lina")[before], "the logged reply");
    const created = await repo(Customer).findOneBy({ name: "宁波港机配件" });

    expect(offer.content).toContain("没找到客户「宁波港机配件」");
    expect(customersAfterOffer).toBe(customersBefore);
    expect(created).toMatchObject({ ownerUserid: "lina" });
    expect(reply.content).toContain("已新建客户【宁波港机配件】");
    expect(reply.content).toContain("交期");
  });

  it("keeps a follow-up with no customer in sight and logs it when the rep replies with the name", async () => {
    const ask = await say("zhangwei", "客户说需要三台样机，月底前要", MONDAY_AFTERNOON + 7200);
    const reply = await say("zhangwei", "华东某食品", MONDAY_AFTERNOON + 7260);
    const logged = await repo(Interaction).findOneByOrFail({
      text: "客户说需要三台样机，月底前要",
    });

    expect(ask.content).toContain("没认出是哪个客户");
    expect(logged).toMatchObject({ status: "logged", customerId: ids.get("华东某食品有限公司") });
    expect(reply.content).toContain("已记到【华东某食品有限公司】");
  });

  it("answers the commands, whatever spaces and punctuation surround them", async () => {
    const help = await say("zhangwei", " 帮助！");
    const summary = await say("zhangwei", "【客户】华东某食品");
    const today = await say("zhangwei", "今天");
    const created = await say("zhangwei", "新客户：浦江包装材料");
    const again = await say("zhangwei", "新客户 浦江包装材料有限公司");

    expect(help.content).toContain("客户 名称");
    expect(summary.content).toContain("【华东某食品有限公司】");
    expect(summary.content).toContain("未处理异议：价格「价格太高」");
    expect(summary.content).toContain("最近跟进：");
    // Nothing is overdue yet: the demands and objections of this morning have hours left.
    expect(today.content).toBe("今天没有红点，全部按时。保持住！");
    expect(created.content).toBe("已新建客户【浦江包装材料】，负责人是你。");
    expect(again.content).toContain("已经有了，没有重复创建");
  });

  it("reads 客户说… as a follow-up, not as the 客户 command", async () => {
    const reply = await say(
      "zhangwei",
      "客户说价格不是问题，主要担心和现有ERP对接",
      MONDAY_AFTERNOON + 7300,
    );

    expect(reply.content).toContain("已记到【华东某食品有限公司】");
    expect(reply.content).toContain("技术疑虑");
    expect(reply.content).not.toContain("价格敏感");
  });

  it("acknowledges a line with nothing to read plainly, naming the record's first two gaps", async () => {
    const reply = await say("zhangwei", "没接电话", MONDAY_AFTERNOON + 7400);

    expect(reply.content).toMatch(/^已记到【华东某食品有限公司】（接上一条）\n记下了。\n/);
    expect(reply.content).not.toContain("多写一句");
    expect(reply.content).toMatch(/\n还缺：[^、\n]+、[^、\n]+等 \d+ 项$/);
  });

  it("shows 客户 only within reach: to the owner's manager and an admin, not a teammate", async () => {
    const teammate = await say("lina", "客户 华东某食品");
    const otherManager = await say("zhaolei", "客户华东某食品有限公司");
    const manager = await say("chenjing", "客户 华东某食品");
    const admin = await say("admin1", "客户 华东某食品");

    expect(teammate.content).toBe("这个客户不归你管，看不了。");
    expect(otherManager.content).toBe("这个客户不归你管，看不了。");
    expect(manager.content).toContain("【华东某食品有限公司】");
    expect(manager.content).toContain("最近跟进：");
    expect(admin.content).toContain("【华东某食品有限公司】");
  });
});

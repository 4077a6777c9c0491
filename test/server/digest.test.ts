import { afterAll, beforeAll, expect, it } from "vitest";
import { SettableClock } from "../../server/clock";
import { Customer } from "../../server/db/entities/customer.entity";
import { type Harness, startHarness } from "../support/beat-harness";
import { addCustomers } from "../support/customers";
import { describeEachDatabase, type TestDatabase } from "../support/databases";
import { followUpLogger } from "../support/follow-ups";
import { outboxSettled } from "../support/outbox-rows";
import { addPeople } from "../support/people";

const DAY = 86_400_000;
const MORNING = new Date("2026-12-05T08:30:00+08:00");
const APPID = "wx0123456789abcdef";

describeEachDatabase("the morning digest", (kind) => {
  let database: TestDatabase;
  let h: Harness;
  const clock = new SettableClock(new Date(MORNING.getTime() - 3 * DAY));
  const log = followUpLogger(() => h, clock);

  beforeAll(async () => {
    database = await kind.create();
    h = await startHarness(database.target, { clock, env: { WECOM_MINIPROGRAM_APPID: APPID } });
    await addPeople(h.beat.db, [
      { userid: "boss", name: "陈静", role: "manager" },
      { userid: "rep1", name: "张伟", managerUserid: "boss" },
      { userid: "rep2", name: "李娜", managerUserid: "boss" },
    ]);
    const ids = await addCustomers(h.beat.db, [
      { name: "华东食品", owner: "rep1" },
      { name: "长三角乳业", owner: "rep1", isKey: true },
      { name: "沪西冷链物流", owner: "rep1" },
      { name: "江南精密机械", owner: "rep2" },
    ]);
    const say = (text: string) => log("rep1", text);
    await say("华东食品的采购说要一份报价");
    await say("沪西冷链物流孙主管说要样品");
    await say("华东食品王总说价格太高了");
    await h.beat.db.dataSource
      .getRepository(Customer)
      .update(
        { id: ids.get("长三角乳业") },
        { lastContactAt: new Date(MORNING.getTime() - 10 * DAY) },
      );
    clock.set(MORNING);
  });

  afterAll(async () => {
    await h?.stop();
    await database?.dispose();
  });

  const digestRun = async () => {
    await h.beat.jobs.run("digest", MORNING);
    await outboxSettled(h);
  };

  it("sends each rep their top three with why and how, links into the mini-program, and an all-clear when nothing is red", async () => {
    await digestRun();
    const rep1 = h.emulator.messagesTo("rep1");
    const rep2 = h.emulator.messagesTo("rep2");
    const links = h.emulator.sent.find((m) => m.touser === "rep1" && m.msgtype === "template_card");

    expect(rep1.filter((m) => m.msgtype === "text")).toHaveLength(1);
    expect(rep1[0]?.content.split("\n")).toEqual([
      "早上好，张伟。今天先关这 3 个红点（共 4 个）：",
      "1. 【长三角乳业】重点客户 10 天没有接触",
      "   → 去见一面或打个电话，聊完在这里说一声",
      expect.stringMatching(/^2\. 【华东食品】需求没回应：报价「.*」（逾期2天）$/),
      "   → 先回客户一句：报个价格区间，或者说哪天给方案",
      expect.stringMatching(/^3\. 【沪西冷链物流】需求没回应：样品「.*」（逾期2天）$/),
      "   → 先回客户一句：报个价格区间，或者说哪天给方案",
    ]);
    expect(rep2.map((m) => m.content)).toEqual(["早上好，李娜。今天没有红点，全部按时。保持住！"]);
    expect(
      (
        links?.body.template_card as
          | { jump_list?: { appid: string; pagepath: string }[] }
          | undefined
      )?.jump_list,
    ).toHaveLength(3);
  });

  it("sends the manager the team's red dots and the figures that are red or yellow", async () => {
    const [digest] = h.emulator.messagesTo("boss");

    expect(digest?.content).toMatch(/^早上好，陈静。团队今天有 4 个红点：张伟 4、李娜 0/);
    expect(digest?.content).toContain("健康度（近30天）需要注意：");
    expect(digest?.content).toMatch(/张伟：🔴 需求24小时响应率 0%（目标 85%，0\/2）/);
    expect(digest?.content).toContain("张伟的前 3 个：");
  });

  it("sends one digest a person a morning, however often the job runs", async () => {
    const before = h.emulator.sent.length;

    await digestRun();
    await digestRun();

    expect(h.emulator.sent.length).toBe(before);
  });

  it("shows the same list on demand with 今天", async () => {
    const digest = h.emulator.messagesTo("rep1")[0]?.content ?? "";
    const today = await h.beat.core.redDotsOf("rep1", MORNING);

    expect(today.top.map((d) => d.facts.customer)).toEqual([
      "长三角乳业",
      "华东食品",
      "沪西冷链物流",
    ]);
    expect(digest).toContain("长三角乳业");
  });
});

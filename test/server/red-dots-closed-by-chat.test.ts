import { IsNull } from "typeorm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { SettableClock } from "../../server/clock";
import { Commitment } from "../../server/db/entities/commitment.entity";
import { Contact } from "../../server/db/entities/contact.entity";
import { Customer } from "../../server/db/entities/customer.entity";
import { RedDot, type RedDotRule } from "../../server/db/entities/red-dot.entity";
import { type Harness, startHarness } from "../support/beat-harness";
import { addCustomers } from "../support/customers";
import { describeEachDatabase, type TestDatabase } from "../support/databases";
import { followUpLogger } from "../support/follow-ups";
import { addPeople } from "../support/people";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = new Date("2026-12-01T09:00:00+08:00");

describeEachDatabase("red dots closed by what the rep reports in chat", (kind) => {
  let database: TestDatabase;
  let h: Harness;
  let ids: Map<string, number>;
  const clock = new SettableClock(T0);
  const log = followUpLogger(() => h, clock);

  beforeAll(async () => {
    database = await kind.create();
    h = await startHarness(database.target, { clock, inboxWorker: false });
    await addPeople(h.beat.db, [
      { userid: "boss", name: "陈静", role: "manager" },
      { userid: "rep1", name: "张伟", managerUserid: "boss" },
    ]);
    ids = await addCustomers(h.beat.db, [
      { name: "浦江包装", owner: "rep1" },
      { name: "沪西冷链", owner: "rep1" },
      { name: "长三角乳业", owner: "rep1", isKey: true },
    ]);
  });

  afterAll(async () => {
    await h?.stop();
    await database?.dispose();
  });

  const say = (text: string) => log("rep1", text);
  const scan = () => h.beat.core.scanRedDots(clock.now());
  const openFor = async (rule: RedDotRule, customer: string) =>
    (
      await h.beat.db.dataSource
        .getRepository(RedDot)
        .find({ where: { closedAt: IsNull(), rule }, order: { id: "ASC" } })
    ).filter((d) => d.facts.customer === customer);
  const at = (ms: number) => clock.set(new Date(T0.getTime() + ms));

  it("closes both demands when one message reports the quote and the materials sent", async () => {
    at(0);
    await say("浦江包装赵采购要一份报价单，还要产品资料");
    at(25 * HOUR);
    await scan();
    const late = await openFor("demand_unanswered", "浦江包装");

    await say("浦江包装 报价单和资料都发给赵采购了");
    await scan();

    expect(late.map((d) => d.facts.demand).sort()).toEqual(["参数资料", "报价"]);
    expect(await openFor("demand_unanswered", "浦江包装")).toEqual([]);
  });

  it("keeps objections open on bare keywords and promises, and closes them on what was done", async () => {
    at(2 * DAY);
    await say("沪西冷链王总说价格太高，比海尔贵了两成");
    at(2 * DAY + 73 * HOUR);
    await scan();
    const late = await openFor("objection_open", "沪西冷链");

    await say("沪西冷链 降价说明 竞品对比表");
    await say("沪西冷链王总那边 下周发竞品对比表给他");
    await scan();
    const afterWords = await openFor("objection_open", "沪西冷链");
    await say("沪西冷链 给王总重新报了价，降了3个点，竞品对比表也发了");
    await scan();

    expect(late).toHaveLength(2);
    expect(afterWords).toHaveLength(2);
    expect(await openFor("objection_open", "沪西冷链")).toEqual([]);
  });

  it("keeps a key customer silent through a call that did not get through", async () => {
    const customerId = ids.get("长三角乳业") as number;
    at(6 * DAY);
    await h.beat.db.dataSource
      .getRepository(Customer)
      .update({ id: customerId }, { lastContactAt: new Date(clock.now().getTime() - 8 * DAY) });
    await scan();
    const silent = await openFor("key_customer_silent", "长三角乳业");

    await say("长三角乳业 钱总电话没打通");
    await scan();
    const afterMissed = await openFor("key_customer_silent", "长三角乳业");
    const qian = await h.beat.db.dataSource
      .getRepository(Contact)
      .findOneBy({ customerId, name: "钱总" });
    await say("长三角乳业钱总来电，问新产线的交期");
    await scan();

    expect(silent).toHaveLength(1);
    expect(afterMissed).toHaveLength(1);
    expect(qian?.lastContactAt ?? null).toBeNull();
    expect(await openFor("key_customer_silent", "长三角乳业")).toEqual([]);
  });

  it("keeps the rep's promise as a commitment and the customer's own schedule as none", async () => {
    const customerId = ids.get("沪西冷链") as number;
    at(7 * DAY);

    await say("沪西冷链 他们老板下周一开会定");
    const kept = await h.beat.db.dataSource.getRepository(Commitment).findBy({ customerId });

    expect(kept.map((k) => k.phrase)).toEqual(["下周发"]);
  });
});

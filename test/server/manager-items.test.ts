import { IsNull } from "typeorm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { SettableClock } from "../../server/clock";
import { Contact } from "../../server/db/entities/contact.entity";
import { RedDot } from "../../server/db/entities/red-dot.entity";
import { type Harness, startHarness } from "../support/beat-harness";
import { addCustomers } from "../support/customers";
import { describeEachDatabase, type TestDatabase } from "../support/databases";
import { followUpLogger } from "../support/follow-ups";
import { addPeople } from "../support/people";

const HOUR = 3_600_000;
const T0 = new Date("2026-12-01T09:00:00+08:00");
const REP1_CUSTOMERS = ["华东食品", "长三角乳业", "沪西冷链物流", "苏南包装", "浙北化工"];

describeEachDatabase("manager items from contact health", (kind) => {
  let database: TestDatabase;
  let h: Harness;
  let ids: Map<string, number>;
  const clock = new SettableClock(T0);
  const say = followUpLogger(() => h, clock);

  beforeAll(async () => {
    database = await kind.create();
    h = await startHarness(database.target, { clock, inboxWorker: false });
    await addPeople(h.beat.db, [
      { userid: "boss", name: "陈静", role: "manager" },
      { userid: "rep1", name: "张伟", managerUserid: "boss" },
      { userid: "rep2", name: "李娜", managerUserid: "boss" },
    ]);
    ids = await addCustomers(h.beat.db, [
      ...REP1_CUSTOMERS.map((name) => ({ name, owner: "rep1" })),
      { name: "江南精密机械", owner: "rep2" },
    ]);
    // rep1 works with five customers and has reached nobody in their decision chains: 0 of 25 roles.
    for (const name of REP1_CUSTOMERS) await say("rep1", `${name}：发了产品资料`);
    // rep2 works with one customer, whose one demand goes unanswered.
    await say("rep2", "江南精密机械要一份报价单");
  });

  afterAll(async () => {
    await h?.stop();
    await database?.dispose();
  });

  const healthItems = () =>
    h.beat.db.dataSource
      .getRepository(RedDot)
      .find({ where: { rule: "health_red", closedAt: IsNull() }, order: { id: "ASC" } });
  const reach = async (customer: string, roles: Contact["role"][]) => {
    for (const [i, role] of roles.entries()) {
      await h.beat.db.dataSource.getRepository(Contact).insert({
        customerId: ids.get(customer) as number,
        name: `${customer}联系人${i}`,
        role,
        phone: null,
        externalUserid: null,
        lastContactAt: new Date(clock.now().getTime() - HOUR),
        createdAt: clock.now(),
      });
    }
  };

  it("opens a manager item for a red figure measured on five customers or more", async () => {
    clock.set(new Date(T0.getTime() + 25 * HOUR));

    await h.beat.core.scanRedDots(clock.now());

    expect((await healthItems()).find((d) => d.subject === "health:rep1:coverage")).toMatchObject({
      ownerUserid: "boss",
      facts: { repName: "张伟", value: 0, target: 0.6 },
      closeHint: "和张伟一起看看原因，把这项拉回目标",
    });
  });

  it("refreshes the figure of an item still open on each scan, keeping when it opened", async () => {
    const item = async () =>
      (await healthItems()).find((d) => d.subject === "health:rep1:coverage");
    const opened = await item();
    clock.set(new Date(T0.getTime() + 49 * HOUR));
    await reach("华东食品", ["procurement", "technical", "finance"]);
    await reach("长三角乳业", ["procurement", "technical"]);
    await reach("沪西冷链物流", ["executive"]);

    await h.beat.core.scanRedDots(clock.now());
    const refreshed = await item();

    // 6 roles of 25: still red, and the item says 24%, as the health block beside it does.
    expect(refreshed?.id).toBe(opened?.id);
    expect(refreshed?.facts).toMatchObject({ value: 0.24 });
    expect(refreshed?.openedAt.getTime()).toBe(opened?.openedAt.getTime());
    expect(refreshed?.overdueSince.getTime()).toBe(opened?.overdueSince.getTime());
  });

  it("opens no item for a figure on fewer than five cases, and still shows its counts", async () => {
    const health = await h.beat.core.contactHealth(clock.now());
    const lina = health.find((r) => r.userid === "rep2");

    expect(lina?.figures).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          metric: "demand_response",
          colour: "red",
          numerator: 0,
          denominator: 1,
        }),
        expect.objectContaining({ metric: "coverage", colour: "red" }),
      ]),
    );
    expect((await healthItems()).map((d) => d.subject)).toEqual(["health:rep1:coverage"]);
  });
});

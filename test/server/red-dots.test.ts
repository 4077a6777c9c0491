import { IsNull } from "typeorm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SettableClock } from "../../server/clock";
import { Customer } from "../../server/db/entities/customer.entity";
import { Opportunity } from "../../server/db/entities/opportunity.entity";
import { Person } from "../../server/db/entities/person.entity";
import { RedDot } from "../../server/db/entities/red-dot.entity";
import { rankRedDots } from "../../server/red-dots/rank-red-dots";
import { type Harness, startHarness } from "../support/beat-harness";
import { addCustomers } from "../support/customers";
import { describeEachDatabase, type TestDatabase } from "../support/databases";
import { followUpLogger } from "../support/follow-ups";
import { addPeople } from "../support/people";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = new Date("2026-12-01T09:00:00+08:00");

describeEachDatabase("red dots", (kind) => {
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
      { name: "华东食品", owner: "rep1" },
      { name: "长三角乳业", owner: "rep1", isKey: true },
      { name: "江南精密机械", owner: "rep2" },
    ]);
  });

  afterAll(async () => {
    await h?.stop();
    await database?.dispose();
  });

  const repo = () => h.beat.db.dataSource.getRepository(RedDot);
  const person = (userid: string) =>
    h.beat.db.dataSource.getRepository(Person).findOneByOrFail({ userid });
  const scan = () => h.beat.core.scanRedDots(clock.now());
  const open = async (owner?: string) =>
    repo().find({
      where: { closedAt: IsNull(), ...(owner ? { ownerUserid: owner } : {}) },
      order: { id: "ASC" },
    });
  const openRules = async (owner?: string) =>
    (await open(owner)).map((d) => `${d.rule} ${d.subject}`);
  const at = (ms: number) => clock.set(new Date(T0.getTime() + ms));

  describe("each rule opens when its condition holds and closes by itself when it is gone", () => {
    it("demand unanswered: after 24 hours, until the rep responds", async () => {
      at(0);
      await say("rep1", "华东食品的采购说要一份报价");
      at(23 * HOUR);
      await scan();
      const early = await openRules("rep1");
      at(25 * HOUR);
      await scan();
      const late = await open("rep1");
      await say("rep1", "华东食品：我把报价发给他了");
      await scan();

      expect(early.filter((r) => r.startsWith("demand_unanswered"))).toEqual([]);
      expect(late.filter((d) => d.rule === "demand_unanswered")).toMatchObject([
        {
          facts: { customer: "华东食品", demand: "报价" },
          closeHint: expect.stringContaining("价格区间"),
        },
      ]);
      expect((await openRules("rep1")).filter((r) => r.startsWith("demand_unanswered"))).toEqual(
        [],
      );
    });

    it("objection open: after 72 hours, until a closing action is logged", async () => {
      at(2 * DAY);
      await say("rep1", "华东食品王总说价格太高了");
      at(2 * DAY + 71 * HOUR);
      await scan();
      const early = (await openRules("rep1")).filter((r) => r.startsWith("objection_open"));
      at(2 * DAY + 73 * HOUR);
      await scan();
      const late = (await openRules("rep1")).filter((r) => r.startsWith("objection_open"));
      await say("rep1", "华东食品：给王总做了一份降价说明");
      await scan();

      expect(early).toEqual([]);
      expect(late).toHaveLength(1);
      expect((await openRules("rep1")).filter((r) => r.startsWith("objection_open"))).toEqual([]);
    });

    it("key customer silent: after 7 days without an interaction, until one is logged", async () => {
      const customers = h.beat.db.dataSource.getRepository(Customer);
      await customers.update(
        { id: ids.get("长三角乳业") },
        { lastContactAt: new Date(clock.now().getTime() - 8 * DAY) },
      );
      await scan();
      const silent = (await openRules("rep1")).filter((r) => r.startsWith("key_customer_silent"));
      await say("rep1", "长三角乳业钱总来电，问新产线的交期");
      await scan();

      expect(silent).toEqual([`key_customer_silent customer:${ids.get("长三角乳业")}`]);
      expect((await openRules("rep1")).filter((r) => r.startsWith("key_customer_silent"))).toEqual(
        [],
      );
    });

    it("opportunity stale: after 7 days without an update, until someone acts on it", async () => {
      const rep1 = await person("rep1");
      const opp = await h.beat.core.createOpportunity({
        by: rep1,
        customerId: ids.get("华东食品") as number,
        amountFen: 50_000_000,
      });
      at(clock.now().getTime() - T0.getTime() + 8 * DAY);
      await scan();
      const stale = (await open("rep1")).filter((d) => d.rule === "opportunity_stale");
      await h.beat.core.submitFields({
        by: rep1,
        opportunityId: opp.id,
        values: { need_summary: "两条线改造" },
      });
      await scan();

      expect(stale).toMatchObject([{ subject: `opportunity:${opp.id}`, valueFen: 50_000_000 }]);
      expect((await openRules("rep1")).filter((r) => r.startsWith("opportunity_stale"))).toEqual(
        [],
      );
    });

    it("stage timeout: while a breach is open, until evidence arrives", async () => {
      const opp = (await h.beat.db.dataSource.getRepository(Opportunity).find())[0] as Opportunity;
      at(clock.now().getTime() - T0.getTime() + 73 * HOUR);
      await h.beat.jobs.run("scan", clock.now());
      const raised = (await open("rep1")).filter((d) => d.rule === "stage_timeout");
      await h.beat.core.submitFields({
        by: await person("rep1"),
        opportunityId: opp.id,
        values: { budget: 600000 },
      });
      await scan();

      expect(raised).toHaveLength(1);
      expect(raised[0]?.facts).toMatchObject({ stage: "need_confirmed" });
      expect((await openRules("rep1")).filter((r) => r.startsWith("stage_timeout"))).toEqual([]);
    });

    it("quote approval waiting: the manager's, after 4 hours, until decided", async () => {
      const rep1 = await person("rep1");
      const opp = (await h.beat.db.dataSource.getRepository(Opportunity).find())[0] as Opportunity;
      const submitted = await h.beat.core.submitQuote({
        by: rep1,
        opportunityId: opp.id,
        amountFen: 48_000_000,
        discountPct: 5,
        validUntil: "2027-01-31",
        attachmentId: null,
      });
      at(clock.now().getTime() - T0.getTime() + 5 * HOUR);
      await scan();
      const waiting = await openRules("boss");
      await h.beat.core.answerCard({
        taskId: submitted.approval.taskId,
        userid: "boss",
        key: "approve",
      });
      await scan();

      expect(waiting).toContain(`quote_approval_waiting quote:${submitted.quote.id}`);
      expect(
        (await openRules("boss")).filter((r) => r.startsWith("quote_approval_waiting")),
      ).toEqual([]);
    });
  });

  it("ranks by whole days overdue, then deal value, then key customer, and keeps the top three", () => {
    const now = new Date("2026-12-10T09:00:00+08:00");
    const dot = (id: number, daysLate: number, valueFen: number | null, keyCustomer: boolean) => ({
      id,
      overdueSince: new Date(now.getTime() - daysLate * DAY - id * 60_000),
      valueFen,
      keyCustomer,
    });
    const dots = [
      dot(1, 0.5, 900_000_000, true),
      dot(2, 3.2, null, false),
      dot(3, 3.9, 10_000_000, false),
      dot(4, 1.1, 50_000_000, false),
      dot(5, 1.5, 50_000_000, true),
      dot(6, 3.5, 10_000_000, true),
    ];

    const ranked = rankRedDots(dots, now).map((d) => d.id);

    // 3 days late: 6 and 3 have the same value, 6 is a key customer; 2 has no deal. Then 1 day late.
    expect(ranked).toEqual([6, 3, 2, 5, 4, 1]);
    expect(ranked.slice(0, 3)).toEqual([6, 3, 2]);
  });

  it("asks the manager to verify a rep's contacts after three stale deals, showing the last three verbatim", async () => {
    const rep2 = await person("rep2");
    await say("rep2", "江南精密机械李工说设备参数还要再确认");
    await say("rep2", "江南精密机械周会计问付款方式");
    await say("rep2", "江南精密机械下周再约");
    for (let i = 0; i < 3; i++) {
      await h.beat.core.createOpportunity({
        by: rep2,
        customerId: ids.get("江南精密机械") as number,
      });
    }
    at(clock.now().getTime() - T0.getTime() + 8 * DAY);
    await scan();
    const item = (await open("boss")).find((d) => d.rule === "verify_contacts");

    expect(item?.subject).toMatch(/^verify:rep2:2026-W\d\d$/);
    expect(item?.facts).toMatchObject({
      repName: "李娜",
      staleCount: 3,
      lastThree: [
        { text: "江南精密机械下周再约" },
        { text: "江南精密机械周会计问付款方式" },
        { text: "江南精密机械李工说设备参数还要再确认" },
      ],
    });
  });
});

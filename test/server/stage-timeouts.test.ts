import { afterAll, beforeAll, expect, it } from "vitest";
import { SettableClock } from "../../server/clock";
import { Opportunity } from "../../server/db/entities/opportunity.entity";
import { Person } from "../../server/db/entities/person.entity";
import { StageTimeout } from "../../server/db/entities/stage-timeout.entity";
import type { SentCard } from "../emulator/wecom-emulator";
import { type Harness, startHarness } from "../support/beat-harness";
import { addCustomers } from "../support/customers";
import { describeEachDatabase, type TestDatabase } from "../support/databases";
import { outboxSettled } from "../support/outbox-rows";
import { addPeople } from "../support/people";
import { waitFor } from "../support/wait-for";

const HOUR = 3_600_000;
const T0 = new Date("2026-12-01T09:00:00+08:00");

describeEachDatabase("stage timeouts", (kind) => {
  let database: TestDatabase;
  let h: Harness;
  let opportunityId: number;
  const clock = new SettableClock(T0);

  beforeAll(async () => {
    database = await kind.create();
    h = await startHarness(database.target, { clock });
    await addPeople(h.beat.db, [
      { userid: "boss", name: "陈静", role: "manager" },
      { userid: "rep1", name: "张伟", managerUserid: "boss" },
      { userid: "rep2", name: "李娜", managerUserid: "boss" },
    ]);
    const ids = await addCustomers(h.beat.db, [{ name: "恒润食品", owner: "rep1" }]);
    const rep1 = await h.beat.db.dataSource
      .getRepository(Person)
      .findOneByOrFail({ userid: "rep1" });
    opportunityId = (
      await h.beat.core.createOpportunity({ by: rep1, customerId: ids.get("恒润食品") as number })
    ).id;
  });

  afterAll(async () => {
    await h?.stop();
    await database?.dispose();
  });

  const cardsTo = (userid: string) => h.emulator.cards.filter((c) => c.touser === userid);
  /** Runs the scan job, then waits until every message it queued has reached the emulator. */
  const scan = async (times = 1) => {
    for (let i = 0; i < times; i++) await h.beat.jobs.run("scan", clock.now());
    await outboxSettled(h);
  };
  const rep1 = () => h.beat.db.dataSource.getRepository(Person).findOneByOrFail({ userid: "rep1" });
  const tap = async (card: SentCard, key: string, waitForUser: string) => {
    const before = h.emulator.messagesTo(waitForUser).length;
    await h.emulator.clickCard(h.callbackUrl, card, key, {
      timestamp: Math.floor(clock.now().getTime() / 1000),
    });
    return waitFor(() => h.emulator.messagesTo(waitForUser)[before], `a message to ${waitForUser}`);
  };

  it("alerts the rep and the manager exactly once per breach, however many scans run", async () => {
    clock.set(new Date(T0.getTime() + 71 * HOUR));
    await scan();
    const beforeLimit = h.emulator.cards.length;

    clock.set(new Date(T0.getTime() + 73 * HOUR));
    await scan(3);

    expect(beforeLimit).toBe(0);
    expect(cardsTo("rep1")).toHaveLength(1);
    expect(cardsTo("boss")).toHaveLength(1);
    expect(cardsTo("rep1")[0]?.buttons.map((b) => b.text)).toEqual(["去补充", "申请延期", "转交"]);
    expect(h.emulator.messagesTo("boss")[0]?.content).toContain("需求确认超时");
  });

  it("restarts the stage clock on evidence, saying which, and a later overrun is a second breach", async () => {
    clock.set(new Date(T0.getTime() + 74 * HOUR));
    await h.beat.core.submitFields({ by: await rep1(), opportunityId, values: { budget: 500000 } });
    clock.set(new Date(T0.getTime() + 75 * HOUR));
    await scan(2);
    const afterEvidence = h.emulator.cards.length;
    const opportunity = await h.beat.db.dataSource
      .getRepository(Opportunity)
      .findOneByOrFail({ id: opportunityId });

    clock.set(new Date(T0.getTime() + (74 + 73) * HOUR));
    await scan(2);

    expect(opportunity.stageClockEvent).toBe("字段 预算");
    expect(afterEvidence).toBe(2);
    expect(cardsTo("rep1")).toHaveLength(2);
    expect(cardsTo("boss")).toHaveLength(2);
  });

  it("does not take a value saved again unchanged as evidence; a changed one is", async () => {
    const ids = await addCustomers(h.beat.db, [{ name: "江南精密", owner: "rep1" }]);
    const { id } = await h.beat.core.createOpportunity({
      by: await rep1(),
      customerId: ids.get("江南精密") as number,
    });
    const rep1Person = await rep1();
    const submit = (budget: number) =>
      h.beat.core.submitFields({ by: rep1Person, opportunityId: id, values: { budget } });
    const read = () => h.beat.db.dataSource.getRepository(Opportunity).findOneByOrFail({ id });
    const resumeAt = clock.now();
    clock.set(new Date(resumeAt.getTime() + HOUR));
    await submit(300000);
    const first = await read();
    clock.set(new Date(resumeAt.getTime() + 2 * HOUR));
    await submit(300000);
    const unchanged = await read();
    clock.set(new Date(resumeAt.getTime() + 3 * HOUR));
    await submit(320000);
    const changed = await read();
    clock.set(resumeAt);

    expect(first.stageClockAt.getTime()).toBe(resumeAt.getTime() + HOUR);
    expect(unchanged.stageClockAt.getTime()).toBe(resumeAt.getTime() + HOUR);
    expect(changed.stageClockAt.getTime()).toBe(resumeAt.getTime() + 3 * HOUR);
  });

  it("looks up what is missing on 去补充, without using the card up", async () => {
    const answer = await tap(cardsTo("rep1")[1] as SentCard, "fill", "rep1");

    expect(answer.content).toMatch(/需求确认还缺：需求概述、预计决策时间/);
  });

  it("asks for a reason on 申请延期, asks the manager, and a granted extension moves the deadline", async () => {
    const reasonCard = await tap(cardsTo("rep1")[1] as SentCard, "extend", "rep1");
    const reasons = h.emulator.lastCardTo("rep1");
    await tap(reasons, "reason:1", "boss");
    const approval = h.emulator.lastCardTo("boss");
    const decided = await tap(approval, "approve", "rep1");
    const opportunity = await h.beat.db.dataSource
      .getRepository(Opportunity)
      .findOneByOrFail({ id: opportunityId });
    const cardsAfterApproval = h.emulator.cards.length;
    await scan();
    const cardsWhileExtended = h.emulator.cards.length;

    clock.set(new Date(T0.getTime() + (74 + 72 + 48 + 1) * HOUR));
    await scan(2);
    const breaches = await h.beat.db.dataSource
      .getRepository(StageTimeout)
      .find({ order: { id: "ASC" } });

    expect(reasonCard.msgtype).toBe("template_card");
    expect(reasons.buttons.map((b) => b.text)).toContain("等客户资料");
    expect(approval.buttons[0]?.text).toBe("批准延期48小时");
    expect(h.emulator.messagesTo("boss").map((m) => m.content)).toContainEqual(
      expect.stringMatching(/^张伟申请延期：恒润食品 \| 需求确认超时 · 原因：等客户资料/),
    );
    expect(decided.content).toContain("陈静批准了");
    expect(opportunity.extensionHours).toBe(48);
    expect(cardsWhileExtended).toBe(cardsAfterApproval);
    expect(breaches.map((b) => b.status)).toEqual(["resolved", "extended", "open"]);
    expect(cardsTo("rep1").filter((c) => c.buttons.some((b) => b.key === "handover"))).toHaveLength(
      3,
    );
  });

  it("hands the deal to a teammate on 转交, and tells the new owner what is missing", async () => {
    const alerts = cardsTo("rep1").filter((c) => c.buttons.some((b) => b.key === "handover"));
    await tap(alerts.at(-1) as SentCard, "handover", "rep1");
    const pick = h.emulator.lastCardTo("rep1");
    const told = await tap(pick, "to:rep2", "rep2");
    const opportunity = await h.beat.db.dataSource
      .getRepository(Opportunity)
      .findOneByOrFail({ id: opportunityId });

    expect(pick.buttons.map((b) => b.text)).toEqual(["李娜", "不转交"]);
    expect(opportunity.ownerUserid).toBe("rep2");
    expect(told.content).toContain("转交给你了");
    expect(told.content).toContain("还缺：需求概述、预计决策时间");
  });
});

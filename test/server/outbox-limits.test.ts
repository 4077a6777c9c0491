import { afterAll, beforeAll, expect, it } from "vitest";
import { SettableClock } from "../../server/clock";
import { OutboxMessage } from "../../server/db/entities/outbox-message.entity";
import { type Harness, startHarness } from "../support/beat-harness";
import { describeEachDatabase, type TestDatabase } from "../support/databases";

describeEachDatabase("WeCom's limits on the outbox", (kind) => {
  let database: TestDatabase;
  let h: Harness;
  const clock = new SettableClock(new Date("2026-12-05T09:00:00+08:00"));

  beforeAll(async () => {
    database = await kind.create();
    h = await startHarness(database.target, { clock, inboxWorker: false });
  });

  afterAll(async () => {
    await h?.stop();
    await database?.dispose();
  });

  const rows = () =>
    h.beat.db.dataSource.getRepository(OutboxMessage).find({ order: { id: "ASC" } });

  it("holds back what would pass 30 messages a minute to one person, without counting a failure", async () => {
    for (let i = 0; i < 35; i++) {
      await h.beat.queueNotice(
        "busy",
        { msgtype: "text", text: { content: `第${i + 1}条` } },
        `limit:${i}`,
      );
    }

    await h.beat.outbox.drain();
    const firstMinute = h.emulator.messagesTo("busy").length;
    const held = (await rows()).filter((r) => r.status === "pending");
    clock.advance(61_000);
    await h.beat.outbox.drain();

    expect(firstMinute).toBe(30);
    expect(held).toHaveLength(5);
    expect(held.every((r) => r.attempts === 0 && r.lastError === null)).toBe(true);
    expect(h.emulator.messagesTo("busy")).toHaveLength(35);
  });

  it("waits a minute after WeCom says the app sends too often (45009)", async () => {
    h.emulator.failNext("message/send", { errcode: 45009, errmsg: "api freq out of limit" });

    await h.beat.queueNotice("calm", { msgtype: "text", text: { content: "一条" } }, "freq:1");
    await h.beat.outbox.drain();
    const [row] = (await rows()).filter((r) => r.touser === "calm");
    clock.advance(30_000);
    const tooEarly = await h.beat.outbox.drain();
    clock.advance(31_000);
    await h.beat.outbox.drain();

    expect(row).toMatchObject({ status: "pending", lastError: "wecom_45009" });
    expect(tooEarly).toBe(0);
    expect(h.emulator.messagesTo("calm")).toHaveLength(1);
  });
});

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

  it("holds a long backlog for one person back together, and sends it in order a minute's worth at a time", async () => {
    for (let i = 0; i < 100; i++) {
      await h.beat.queueNotice(
        "backlog",
        { msgtype: "text", text: { content: `积压${i + 1}` } },
        `backlog:${i}`,
      );
    }

    await h.beat.outbox.drain();
    const waiting = (await rows()).filter((r) => r.touser === "backlog" && r.status === "pending");
    const slots = new Map<number, number>();
    for (const r of waiting)
      slots.set(r.availableAt.getTime(), (slots.get(r.availableAt.getTime()) ?? 0) + 1);
    await h.beat.queueNotice(
      "backlog",
      { msgtype: "text", text: { content: "最后一条" } },
      "backlog:late",
    );
    const late = (await rows()).find((r) => r.dedupeKey === "backlog:late");
    for (let minute = 0; minute < 4; minute++) {
      clock.advance(61_000);
      await h.beat.outbox.drain();
    }
    const sent = h.emulator.messagesTo("backlog").map((m) => m.content);
    const attempts = (await rows()).filter((r) => r.touser === "backlog").map((r) => r.attempts);

    expect(waiting).toHaveLength(70);
    expect([...slots.values()]).toEqual([70]);
    expect(waiting.map((r) => r.availableAt.getTime())).toEqual(
      [...waiting].map((r) => r.availableAt.getTime()).sort((a, b) => a - b),
    );
    expect(late?.availableAt.getTime()).toBeGreaterThanOrEqual(Math.max(...slots.keys()));
    expect(sent).toEqual([...Array.from({ length: 100 }, (_, i) => `积压${i + 1}`), "最后一条"]);
    expect(Math.max(...attempts)).toBeLessThanOrEqual(2);
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

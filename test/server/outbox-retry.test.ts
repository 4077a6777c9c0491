import { afterAll, beforeAll, expect, it } from "vitest";
import { SettableClock } from "../../server/clock";
import { OutboxMessage } from "../../server/db/entities/outbox-message.entity";
import { OUTBOX_MAX_ATTEMPTS } from "../../server/outbox/outbox-store";
import { newMsgId, textMessage } from "../emulator/wecom-messages";
import { type Harness, startHarness } from "../support/beat-harness";
import { describeEachDatabase, type TestDatabase } from "../support/databases";
import { inboxRows } from "../support/inbox-rows";
import { addPeople } from "../support/people";

describeEachDatabase("sending a reply when WeCom fails", (kind) => {
  let database: TestDatabase;
  let h: Harness;
  const clock = new SettableClock(new Date());

  beforeAll(async () => {
    database = await kind.create();
    h = await startHarness(database.target, { clock, inboxWorker: false });
    await addPeople(h.beat.db, [{ userid: "wangwu", name: "王五" }]);
  });

  afterAll(async () => {
    await h?.stop();
    await database?.dispose();
  });

  const lastOutboxRow = async () =>
    (await h.beat.db.dataSource.getRepository(OutboxMessage).find({ order: { id: "ASC" } })).at(-1);
  const push = (text: string) =>
    h.emulator.pushCallback(
      h.callbackUrl,
      textMessage(h.app, "wangwu", text, { msgId: newMsgId() }),
      {
        timestamp: Math.floor(clock.now().getTime() / 1000),
      },
    );

  it("processes the delivery once, keeps the reply, retries it after a backoff, and sends it once", async () => {
    await push("客户说再看看");
    h.emulator.failNext("message/send", { errcode: -1, errmsg: "system busy" });

    await h.beat.worker.drain();
    await h.beat.outbox.drain();
    const afterFailure = await lastOutboxRow();
    const tooEarly = await h.beat.outbox.drain();
    clock.advance(10_000);
    await h.beat.outbox.drain();

    expect((await inboxRows(h.beat.db)).at(-1)).toMatchObject({ status: "done", attempts: 1 });
    expect(afterFailure).toMatchObject({ status: "pending", attempts: 1, lastError: "wecom_-1" });
    expect(tooEarly).toBe(0);
    expect(await lastOutboxRow()).toMatchObject({ status: "done", attempts: 2 });
    expect(h.emulator.messagesTo("wangwu")).toHaveLength(1);
  });

  it(`parks a message as failed after ${OUTBOX_MAX_ATTEMPTS} attempts, visible in /healthz`, async () => {
    await push("又一条");
    h.emulator.failNext("message/send", { status: 503 }, OUTBOX_MAX_ATTEMPTS);

    await h.beat.worker.drain();
    for (let i = 0; i < OUTBOX_MAX_ATTEMPTS; i++) {
      await h.beat.outbox.drain();
      clock.advance(24 * 3_600_000);
    }
    const health = (await (await fetch(`${h.beat.url}/healthz`)).json()) as {
      outbox: Record<string, number>;
    };

    expect(await lastOutboxRow()).toMatchObject({
      status: "failed",
      attempts: OUTBOX_MAX_ATTEMPTS,
      lastError: "wecom_transport",
    });
    expect(health.outbox.failed).toBe(1);
  });

  it("parks a message at once when WeCom's error cannot be fixed by retrying (60020 untrusted IP)", async () => {
    await push("第三条");
    h.emulator.failNext("message/send", {
      errcode: 60020,
      errmsg: "not allow to access from your ip",
    });

    await h.beat.worker.drain();
    await h.beat.outbox.drain();

    expect(await lastOutboxRow()).toMatchObject({
      status: "failed",
      attempts: 1,
      lastError: "wecom_60020",
    });
  });
});

import { afterAll, beforeAll, expect, it } from "vitest";
import { SettableClock } from "../../server/clock";
import { MAX_ATTEMPTS } from "../../server/inbox/inbox-store";
import { newMsgId, textMessage } from "../emulator/wecom-messages";
import { type Harness, startHarness } from "../support/beat-harness";
import { describeEachDatabase, type TestDatabase } from "../support/databases";
import { inboxRows } from "../support/inbox-rows";
import { addPeople } from "../support/people";

describeEachDatabase("processing a delivery when WeCom fails", (kind) => {
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

  const lastRow = async () => (await inboxRows(h.beat.db)).at(-1);

  it("keeps the delivery, retries it after a backoff, and sends the reply once", async () => {
    await h.emulator.pushCallback(
      h.callbackUrl,
      textMessage(h.app, "wangwu", "客户说再看看", { msgId: newMsgId() }),
      {
        timestamp: Math.floor(clock.now().getTime() / 1000),
      },
    );
    h.emulator.failNext("message/send", { errcode: -1, errmsg: "system busy" });

    await h.beat.worker.drain();
    const afterFailure = await lastRow();
    const tooEarly = await h.beat.worker.drain();
    clock.advance(10_000);
    await h.beat.worker.drain();

    expect(afterFailure).toMatchObject({ status: "pending", attempts: 1, lastError: "wecom_-1" });
    expect(tooEarly).toBe(0);
    expect(await lastRow()).toMatchObject({ status: "done", attempts: 2 });
    expect(h.emulator.messagesTo("wangwu")).toHaveLength(1);
  });

  it(`parks a delivery as failed after ${MAX_ATTEMPTS} attempts, visible in /healthz`, async () => {
    await h.emulator.pushCallback(
      h.callbackUrl,
      textMessage(h.app, "wangwu", "又一条", { msgId: newMsgId() }),
      {
        timestamp: Math.floor(clock.now().getTime() / 1000),
      },
    );
    h.emulator.failNext("message/send", { status: 503 }, MAX_ATTEMPTS);

    for (let i = 0; i < MAX_ATTEMPTS; i++) {
      await h.beat.worker.drain();
      clock.advance(3_600_000);
    }
    const health = (await (await fetch(`${h.beat.url}/healthz`)).json()) as {
      inbox: Record<string, number>;
    };

    expect(await lastRow()).toMatchObject({
      status: "failed",
      attempts: MAX_ATTEMPTS,
      lastError: "wecom_transport",
    });
    expect(health.inbox.failed).toBe(1);
  });

  it("parks a delivery at once when WeCom's error cannot be fixed by retrying (60020 untrusted IP)", async () => {
    await h.emulator.pushCallback(
      h.callbackUrl,
      textMessage(h.app, "wangwu", "第三条", { msgId: newMsgId() }),
      {
        timestamp: Math.floor(clock.now().getTime() / 1000),
      },
    );
    h.emulator.failNext("message/send", {
      errcode: 60020,
      errmsg: "not allow to access from your ip",
    });

    await h.beat.worker.drain();

    expect(await lastRow()).toMatchObject({
      status: "failed",
      attempts: 1,
      lastError: "wecom_60020",
    });
  });
});

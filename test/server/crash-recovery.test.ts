import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../server/db/database";
import { OutboxMessage } from "../../server/db/entities/outbox-message.entity";
import { OUTBOX_LEASE_MS } from "../../server/outbox/outbox-store";
import { WeComEmulator } from "../emulator/wecom-emulator";
import { newMsgId, textMessage } from "../emulator/wecom-messages";
import { beatEnv } from "../support/beat-harness";
import { killHard, spawnBeat, stopGently } from "../support/beat-process";
import {
  databaseUrlOf,
  describeEachDatabase,
  sqliteDatabase,
  type TestDatabase,
} from "../support/databases";
import { inboxRows } from "../support/inbox-rows";
import { addPeople } from "../support/people";
import { testApp } from "../support/test-app";
import { waitFor } from "../support/wait-for";

describeEachDatabase("a server killed between accepting and processing", (kind) => {
  const app = testApp();
  const emulator = new WeComEmulator(app);
  let database: TestDatabase;

  beforeAll(async () => {
    database = await kind.create();
    await emulator.start();
    const db = await openDatabase(database.target);
    await addPeople(db, [{ userid: "lisi", name: "李四" }]);
    await db.close();
  });

  afterAll(async () => {
    await emulator.stop();
    await database?.dispose();
  });

  it("processes the accepted message exactly once after restart", async () => {
    const env = beatEnv(app, emulator.apiBase, databaseUrlOf(database.target));
    const msgId = newMsgId();
    // An accept-only node: it stores and answers but processes nothing, so the kill surely lands
    // after the accept and before any processing.
    const first = await spawnBeat({ ...env, INBOX_WORKER: "off", LOG_LEVEL: "info" });
    const accepted = await emulator.pushCallback(
      `${first.url}/wecom/callback`,
      textMessage(app, "lisi", "客户要报价", { msgId }),
    );
    await killHard(first);

    const second = await spawnBeat({ ...env, LOG_LEVEL: "info" });
    await emulator.waitForMessages(1);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await stopGently(second);
    const db = await openDatabase(database.target);
    const rows = await inboxRows(db);
    await db.close();

    expect(accepted.status).toBe(200);
    expect(first.output()).not.toContain("delivery processed");
    expect(emulator.messagesTo("lisi")).toHaveLength(1);
    expect(rows).toMatchObject([{ deliveryKey: `msg:${msgId}`, status: "done", attempts: 1 }]);
    expect(second.output().match(/delivery processed/g)).toHaveLength(1);
  });
});

describe("a SQLite server killed while processing", () => {
  const app = testApp();
  const emulator = new WeComEmulator(app);
  let database: TestDatabase;

  beforeAll(async () => {
    database = await sqliteDatabase();
    await emulator.start();
    const db = await openDatabase(database.target);
    await addPeople(db, [{ userid: "lisi", name: "李四" }]);
    await db.close();
  });

  afterAll(async () => {
    await emulator.stop();
    await database?.dispose();
  });

  it("hands a claimed row back at restart instead of waiting out its lease", async () => {
    const env = beatEnv(app, emulator.apiBase, databaseUrlOf(database.target));
    const msgId = newMsgId();
    emulator.failNext("message/send", { delayMs: 3000 });
    const first = await spawnBeat({ ...env, LOG_LEVEL: "info" });
    await emulator.pushCallback(
      `${first.url}/wecom/callback`,
      textMessage(app, "lisi", "报价发了", { msgId }),
    );
    // Killed while WeCom holds the reply (the emulator delays it 3 s): by then the delivery is done
    // and its reply claimed. Waiting for the request rather than a fixed time keeps this true on a
    // busy machine.
    const sendsBefore = emulator.requests.get("message/send") ?? 0;
    await waitFor(
      () => ((emulator.requests.get("message/send") ?? 0) > sendsBefore ? true : undefined),
      "the reply to reach WeCom",
    );
    await killHard(first);

    const started = Date.now();
    const second = await spawnBeat({ ...env, LOG_LEVEL: "info" });
    await emulator.waitForMessages(1);
    const waited = Date.now() - started;
    await stopGently(second);
    const db = await openDatabase(database.target);
    const inbox = await inboxRows(db);
    const outbox = await db.dataSource.getRepository(OutboxMessage).find();
    await db.close();

    // The kill lands while the reply is being sent: the delivery was processed, its reply was claimed.
    expect(second.output()).toMatch(/"released":1/);
    expect(waited).toBeLessThan(OUTBOX_LEASE_MS / 10);
    expect(inbox).toMatchObject([{ deliveryKey: `msg:${msgId}`, status: "done", attempts: 1 }]);
    expect(outbox).toMatchObject([{ status: "done", attempts: 2 }]);
  });
});

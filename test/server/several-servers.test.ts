import { afterAll, beforeAll, expect, it } from "vitest";
import { openDatabase } from "../../server/db/database";
import { WeComEmulator } from "../emulator/wecom-emulator";
import { textMessage } from "../emulator/wecom-messages";
import { beatEnv } from "../support/beat-harness";
import { type BeatProcess, spawnBeat, stopGently } from "../support/beat-process";
import { databaseUrlOf, describeOnPostgres, type TestDatabase } from "../support/databases";
import { inboxRows } from "../support/inbox-rows";
import { addPeople } from "../support/people";
import { testApp } from "../support/test-app";
import { waitFor } from "../support/wait-for";

const ADMIN = "several-servers-admin-token-0123";
/**
 * The latest 08:30 in Shanghai that has passed: the processes run on the real clock, and a job run by
 * hand may only be for the last 24 hours.
 */
const MORNING = (() => {
  const today = new Date().toLocaleDateString("sv-SE", { timeZone: "Asia/Shanghai" });
  const slot = new Date(`${today}T08:30:00+08:00`);
  return new Date(slot.getTime() - (slot.getTime() > Date.now() ? 86_400_000 : 0)).toISOString();
})();
const CALLBACKS = 1000;

describeOnPostgres("two Beat processes on one database", (kind) => {
  const app = testApp();
  const emulator = new WeComEmulator(app);
  let database: TestDatabase;
  let a: BeatProcess;
  let b: BeatProcess;
  const team = ["boss", "rep1", "rep2", "rep3"];

  beforeAll(async () => {
    database = await kind.create();
    await emulator.start();
    const db = await openDatabase(database.target);
    await addPeople(db, [
      { userid: "boss", name: "主管", role: "manager" },
      { userid: "rep1", name: "甲", managerUserid: "boss" },
      { userid: "rep2", name: "乙", managerUserid: "boss" },
      { userid: "rep3", name: "丙", managerUserid: "boss" },
    ]);
    await db.close();
    const env = beatEnv(app, emulator.apiBase, databaseUrlOf(database.target), {
      ADMIN_API_TOKEN: ADMIN,
      LOG_LEVEL: "warn",
    });
    [a, b] = await Promise.all([spawnBeat(env), spawnBeat(env)]);
  }, 60_000);

  afterAll(async () => {
    await Promise.all([a && stopGently(a), b && stopGently(b)]);
    await emulator.stop();
    await database?.dispose();
  });

  const runDigest = (beat: BeatProcess) =>
    fetch(`${beat.url}/api/admin/jobs/digest`, {
      method: "POST",
      headers: { authorization: `Bearer ${ADMIN}`, "content-type": "application/json" },
      body: JSON.stringify({ at: MORNING, claim: true }),
    }).then((r) => r.json() as Promise<Record<string, number>>);

  it("runs the digest slot once in total when both reach it, so each person gets one digest", async () => {
    const answers = await Promise.all([runDigest(a), runDigest(b)]);
    await waitFor(
      () => (team.every((p) => emulator.messagesTo(p).length >= 1) ? true : undefined),
      "the digests",
    );
    await new Promise((resolve) => setTimeout(resolve, 1500));

    expect(answers.filter((x) => x.skipped === 1)).toHaveLength(1);
    expect(answers.filter((x) => x.reps === 3)).toHaveLength(1);
    expect(team.map((p) => emulator.messagesTo(p).length)).toEqual([1, 1, 1, 1]);
  });

  it("processes 1,000 callbacks split across both exactly once each", async () => {
    const sent = emulator.sent.length;
    const users = Array.from({ length: CALLBACKS }, (_, i) => `visitor${i}`);

    for (let i = 0; i < CALLBACKS; i += 50) {
      await Promise.all(
        users
          .slice(i, i + 50)
          .map((user, j) =>
            emulator.pushCallback(
              `${(i + j) % 2 ? a.url : b.url}/wecom/callback`,
              textMessage(app, user, "你好"),
            ),
          ),
      );
    }
    await waitFor(
      () => (emulator.sent.length - sent >= CALLBACKS ? true : undefined),
      "an answer to every callback",
      90_000,
    );
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const db = await openDatabase(database.target);
    const rows = (await inboxRows(db)).filter((r) => r.payload.includes("visitor"));
    await db.close();
    const processedLines = `${a.output()}\n${b.output()}`;

    expect(rows).toHaveLength(CALLBACKS);
    expect(rows.every((r) => r.status === "done" && r.attempts === 1)).toBe(true);
    expect(users.map((u) => emulator.messagesTo(u).length).every((n) => n === 1)).toBe(true);
    expect(processedLines).not.toMatch(/queue row failed/);
  }, 120_000);
});

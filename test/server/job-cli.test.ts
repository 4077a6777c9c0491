import { spawn } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { openDatabase } from "../../server/db/database";
import { OutboxMessage } from "../../server/db/entities/outbox-message.entity";
import { WeComEmulator } from "../emulator/wecom-emulator";
import { beatEnv } from "../support/beat-harness";
import { databaseUrlOf, sqliteDatabase, type TestDatabase } from "../support/databases";
import { addPeople } from "../support/people";
import { testApp } from "../support/test-app";

const app = testApp();
const emulator = new WeComEmulator(app);
let database: TestDatabase;

beforeAll(async () => {
  database = await sqliteDatabase();
  await emulator.start();
  const db = await openDatabase(database.target);
  await addPeople(db, [
    { userid: "boss", name: "陈静", role: "manager" },
    { userid: "rep1", name: "张伟", managerUserid: "boss" },
  ]);
  await db.close();
});

afterAll(async () => {
  await emulator.stop();
  await database?.dispose();
});

/** `npm run job -- …` as a separate process, as an operator runs it. */
function job(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "server/jobs/job-cli.ts", ...args], {
      cwd: join(__dirname, "../.."),
      env: { ...process.env, ...beatEnv(app, emulator.apiBase, databaseUrlOf(database.target)) },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += String(d);
    });
    child.stderr.on("data", (d) => {
      stderr += String(d);
    });
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

it("runs the digest once as if at the given time, and returns once it is sent", async () => {
  // An hour ago: a slot missed while Beat was down is what running a job by hand is for.
  const run = await job(["digest", "--at", new Date(Date.now() - 3_600_000).toISOString()]);

  expect(run.code, run.stderr).toBe(0);
  expect(JSON.parse(run.stdout)).toMatchObject({
    job: "digest",
    reps: 1,
    managers: 1,
    sent: 2,
    parked: 0,
  });
  expect(emulator.messagesTo("rep1").map((m) => m.content)).toEqual([
    "早上好，张伟。今天没有红点，全部按时。保持住！",
  ]);
  expect(emulator.messagesTo("boss")).toHaveLength(1);
});

it("says how it is used, and refuses an unknown job or time", async () => {
  const none = await job([]);
  const badTime = await job(["digest", "--at", "tomorrow"]);
  const unknown = await job(["lunch"]);
  const ahead = await job(["scan", "--at", new Date(Date.now() + 86_400_000).toISOString()]);
  const longAgo = await job(["scan", "--at", "1970-01-01T00:00:00Z"]);

  expect(none).toMatchObject({ code: 2, stderr: expect.stringContaining("usage: npm run job") });
  expect(badTime).toMatchObject({ code: 2, stderr: expect.stringContaining("is not an ISO time") });
  expect(unknown.code).toBe(1);
  expect(unknown.stderr).toContain("no job named lunch; jobs: scan, digest");
  expect(ahead).toMatchObject({ code: 2, stderr: expect.stringContaining("ahead of its time") });
  expect(longAgo).toMatchObject({ code: 2, stderr: expect.stringContaining("last 24 hours") });
});

it("does not count a row parked before it ran as its own failure", async () => {
  const db = await openDatabase(database.target);
  await db.dataSource.getRepository(OutboxMessage).save({
    dedupeKey: "earlier:parked",
    kind: "message",
    touser: "rep1",
    body: { msgtype: "text", text: { content: "x" } },
    status: "failed",
    attempts: 10,
    availableAt: new Date(),
    leaseUntil: null,
    lastError: "60020",
    createdAt: new Date(),
    processedAt: null,
  });
  await db.close();

  const run = await job(["scan"]);

  expect(run.code, run.stderr).toBe(0);
  expect(JSON.parse(run.stdout)).toMatchObject({ job: "scan", parked: 0 });
});

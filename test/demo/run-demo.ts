import { rmSync } from "node:fs";
import { join } from "node:path";
import pino from "pino";
import { startBeat } from "../../server/beat";
import { systemClock } from "../../server/clock";
import { readConfig } from "../../server/config";
import { importFile } from "../../server/import/import-file";
import { WeComEmulator } from "../emulator/wecom-emulator";
import { textMessage } from "../emulator/wecom-messages";
import { beatEnv } from "../support/beat-harness";
import { settledInbox } from "../support/inbox-rows";
import { testApp } from "../support/test-app";
import { MORNING_CHATS } from "./morning-chats";

const DEMO_DB = join("data", "demo", "beat-demo.db");
const say = (line = "") => process.stdout.write(`${line}\n`);

/**
 * `npm run demo`: a fictional team's morning, end to end over real HTTP. The WeCom emulator stands
 * in for WeCom; everything else is the product as it runs in production, on a fresh SQLite file.
 */
async function main(): Promise<void> {
  rmSync(join("data", "demo"), { recursive: true, force: true });
  const app = testApp();
  const emulator = new WeComEmulator(app);
  await emulator.start();
  const config = readConfig(beatEnv(app, emulator.apiBase, `sqlite:${DEMO_DB}`));
  const beat = await startBeat(config, {
    clock: systemClock,
    log: pino({ level: process.env.LOG_LEVEL ?? "warn" }),
  });
  say(
    `Beat is listening on ${beat.url}; the WeCom emulator on ${emulator.apiBase}; database ${DEMO_DB}`,
  );

  const verified = await emulator.verifyUrl(`${beat.url}/wecom/callback`);
  say(`WeCom URL verification: HTTP ${verified.status}, echo ${verified.body}`);
  for (const file of ["team.csv", "customers.csv"]) {
    const report = await importFile(join(__dirname, file), { db: beat.db, clock: systemClock });
    say(`Imported ${file}: ${report.created} created, ${report.rejected.length} rejected`);
  }

  say("\n— The morning: reps tell the bot what happened —");
  const today = new Date().toLocaleDateString("sv-SE", { timeZone: "Asia/Shanghai" });
  for (const chat of MORNING_CHATS) {
    const createTime = Math.floor(new Date(`${today}T${chat.at}:00+08:00`).getTime() / 1000);
    const answer = await emulator.pushCallback(
      `${beat.url}/wecom/callback`,
      textMessage(app, chat.from, chat.text, { createTime }),
    );
    say(
      `${chat.at} ${chat.from.padEnd(9)} → encrypted callback, HTTP ${answer.status}: ${chat.text}`,
    );
  }
  await emulator.waitForMessages(MORNING_CHATS.length);
  const rows = await settledInbox(beat.db);

  say(
    `\n— What each person received (${rows.filter((r) => r.status === "done").length}/${rows.length} deliveries processed) —`,
  );
  for (const userid of ["chenjing", "zhangwei", "lina", "wangqiang"]) {
    const received = emulator.messagesTo(userid);
    say(`${userid}: ${received.length} message(s)`);
    for (const message of received) {
      say(`  [${message.msgtype}] ${message.content}`);
    }
  }
  await beat.stop();
  await emulator.stop();
  const failed = rows.filter((r) => r.status !== "done").length;
  if (failed > 0) {
    throw new Error(`${failed} deliveries were not processed`);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(
      `demo failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  },
);

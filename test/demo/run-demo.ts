import { rmSync } from "node:fs";
import { join } from "node:path";
import pino from "pino";
import { type RunningBeat, startBeat } from "../../server/beat";
import { systemClock } from "../../server/clock";
import { readConfig } from "../../server/config";
import { Customer } from "../../server/db/entities/customer.entity";
import { importFile } from "../../server/import/import-file";
import { type SentMessage, WeComEmulator } from "../emulator/wecom-emulator";
import { textMessage } from "../emulator/wecom-messages";
import { beatEnv } from "../support/beat-harness";
import { postCallSummary } from "../support/call-system";
import { settledInbox } from "../support/inbox-rows";
import { testApp } from "../support/test-app";
import { waitFor } from "../support/wait-for";
import { DEMO_CALLS } from "./calls";
import { EARLIER_CHATS, MORNING_CHATS } from "./morning-chats";
import { printRecord } from "./print-records";

const DEMO_DB = join("data", "demo", "beat-demo.db");
const CALL_SECRET = "demo-call-system-shared-secret";
const TEAM = ["chenjing", "zhangwei", "lina", "wangqiang"];
const say = (line = "") => process.stdout.write(`${line}\n`);

/**
 * The demo day's date in Shanghai, and a time on it (or days before it) as Unix seconds. It is
 * yesterday, so that every chat and call of its morning is in the past whatever the hour the demo
 * runs: Beat refuses a call summary that claims to start in the future.
 */
const today = new Date(Date.now() - 86_400_000).toLocaleDateString("sv-SE", {
  timeZone: "Asia/Shanghai",
});
const at = (hhmm: string, daysAgo = 0) =>
  Math.floor(new Date(`${today}T${hhmm}:00+08:00`).getTime() / 1000) - daysAgo * 86_400;
/** The next morning's digest time: 08:30 in Shanghai, the day after the demo day. */
const nextMorning = new Date(new Date(`${today}T08:30:00+08:00`).getTime() + 86_400_000);

/** What a person's phone would show for one message: the text, or a card with its buttons. */
function shown(message: SentMessage): string {
  if (message.msgtype !== "template_card") {
    return message.content.replaceAll("\n", "\n      ");
  }
  const buttons =
    (message.body.template_card as { button_list?: { text: string }[] }).button_list ?? [];

  return `${message.content}  [${buttons.map((b) => b.text).join("] [")}]`;
}

/** Pushes one rep's chat as WeCom does and waits until the bot has answered it. */
async function chat(
  emulator: WeComEmulator,
  beat: RunningBeat,
  from: string,
  text: string,
  time: string,
  daysAgo = 0,
) {
  const before = emulator.messagesTo(from).length;
  const answer = await emulator.pushCallback(
    `${beat.url}/wecom/callback`,
    textMessage(emulator.app, from, text, { createTime: at(time, daysAgo) }),
  );
  const when = daysAgo ? `${daysAgo} days ago ${time}` : time;
  say(`${when} ${from.padEnd(9)} → encrypted callback, HTTP ${answer.status}: ${text}`);
  await waitFor(() => emulator.messagesTo(from)[before], `the bot's answer to ${from}`);
}

/**
 * `npm run demo`: a fictional team's morning, end to end over real HTTP. The WeCom emulator stands
 * in for WeCom and a signed HTTP client for the phone system; everything else is the product as it
 * runs in production, on a fresh SQLite file.
 */
async function main(): Promise<void> {
  rmSync(join("data", "demo"), { recursive: true, force: true });
  const app = testApp();
  const emulator = new WeComEmulator(app);
  await emulator.start();
  const config = readConfig(
    beatEnv(app, emulator.apiBase, `sqlite:${DEMO_DB}`, { CALL_SUMMARY_SECRET: CALL_SECRET }),
  );
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

  say("\n— Earlier this week —");
  for (const message of EARLIER_CHATS) {
    await chat(emulator, beat, message.from, message.text, message.at, message.daysAgo);
  }

  say("\n— The morning: reps tell the bot what happened —");
  for (const message of MORNING_CHATS) {
    await chat(emulator, beat, message.from, message.text, message.at);
  }

  say(
    "\n— Calls: the phone system posts summaries, the bot asks each rep for the key conclusions —",
  );
  for (const call of DEMO_CALLS) {
    const before = emulator.messagesTo(call.repUserId).length;
    const { conclusions, concludeAt, at: startedAt, ...body } = call;
    const posted = await postCallSummary(beat.url, CALL_SECRET, {
      ...body,
      startedAt: `${today}T${startedAt}:00+08:00`,
    });
    say(
      `${startedAt} phone system → POST /api/call-summaries ${call.callId}: HTTP ${posted.status} ${posted.json.status}`,
    );
    await waitFor(() => emulator.messagesTo(call.repUserId)[before], "the bot's question");
    await chat(emulator, beat, call.repUserId, conclusions, concludeAt);
  }

  const rows = await settledInbox(beat.db);
  await waitFor(async () => {
    const open = await beat.outbox.drain();
    return open === 0 ? true : undefined;
  }, "the outbox to empty");
  say(
    `\n— What each person received (${rows.filter((r) => r.status === "done").length}/${rows.length} deliveries processed) —`,
  );
  for (const userid of TEAM) {
    const received = emulator.messagesTo(userid);
    say(`${userid}: ${received.length} message(s)`);
    for (const message of received) {
      say(`  [${message.msgtype}] ${shown(message)}`);
    }
  }

  say("\n— The customer records the morning built —");
  const customers = await beat.db.dataSource
    .getRepository(Customer)
    .createQueryBuilder("c")
    .where("c.lastContactAt IS NOT NULL")
    .orderBy("c.id", "ASC")
    .getMany();
  // The printout reads every record, as an admin would.
  const reader = { userid: "demo", role: "admin" as const };
  for (const customer of customers) {
    const found = await beat.core.customerSummary(reader, customer.name);
    if (found.kind === "found") {
      await printRecord(beat, found.summary, say);
    }
  }

  say(
    `\n— The next morning, ${nextMorning.toISOString()}: the digest job runs, and each person receives —`,
  );
  const before = new Map(TEAM.map((userid) => [userid, emulator.messagesTo(userid).length]));
  const counts = await beat.jobs.run("digest", nextMorning);
  await waitFor(
    () =>
      TEAM.every((userid) => emulator.messagesTo(userid).length > (before.get(userid) ?? 0))
        ? true
        : undefined,
    "every digest",
  );
  say(`(digest job: ${JSON.stringify(counts)})`);
  for (const userid of TEAM) {
    for (const message of emulator.messagesTo(userid).slice(before.get(userid))) {
      say(`${userid}: [${message.msgtype}] ${shown(message)}`);
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

import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import { assembleBeat } from "../beat";
import { systemClock } from "../clock";
import { ConfigError, readConfig } from "../config";
import { createLogger } from "../logger";
import { manualRunRefusal } from "./manual-run-time";

/** How long the command waits for messages held back by retries before it gives up and says so. */
const MAX_WAIT_MS = 5 * 60_000;

/**
 * `npm run job -- <name> --at <ISO time>`: runs one scheduled job once, as if at that time (`scan`:
 * stage timeouts and red dots; `digest`: the morning digest), and returns when what it queued has
 * been sent, or has failed and been parked. The time is now by default, and at most a day back.
 */
async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { at: { type: "string" } },
  });
  const [name] = positionals;
  if (!name) {
    process.stderr.write("usage: npm run job -- <scan|digest> [--at 2026-12-05T08:30:00+08:00]\n");
    return 2;
  }
  const at = values.at ? new Date(values.at) : new Date();
  if (Number.isNaN(at.getTime())) {
    process.stderr.write(`--at ${values.at} is not an ISO time\n`);
    return 2;
  }
  const refusal = manualRunRefusal(at, new Date());
  if (refusal) {
    process.stderr.write(`--at ${values.at}: ${refusal}\n`);
    return 2;
  }
  if (existsSync(".env")) {
    process.loadEnvFile(".env");
  }
  const config = readConfig(process.env);
  // Logs go to standard error: standard output carries the job's counts.
  const log = createLogger({ ...config.log, destination: 2 });
  const beat = await assembleBeat(config, { clock: systemClock, log });
  try {
    // Rows parked before this run (waiting for an admin's retry) are not this run's failures.
    const parkedBefore = (await beat.outboxStore.queue.countOpen()).failed;
    const counts = await beat.jobs.run(name, at);
    const deadline = Date.now() + MAX_WAIT_MS;
    let sent = 0;
    for (;;) {
      sent += await beat.outbox.drain();
      const open = await beat.outboxStore.queue.countOpen();
      if (open.pending === 0 && open.processing === 0) {
        const parked = Math.max(0, open.failed - parkedBefore);
        process.stdout.write(
          `${JSON.stringify({ job: name, at: at.toISOString(), ...counts, sent, parked })}\n`,
        );
        return parked > 0 ? 1 : 0;
      }
      if (Date.now() > deadline) {
        process.stdout.write(
          `${JSON.stringify({ job: name, ...counts, sent, stillWaiting: open.pending })}\n`,
        );
        return 1;
      }
      // Some messages wait for a retry or a per-person limit; look again shortly.
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  } finally {
    await beat.db.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const message =
      error instanceof ConfigError
        ? error.message
        : error instanceof Error
          ? error.message
          : String(error);
    process.stderr.write(`job failed: ${message}\n`);
    process.exit(1);
  },
);

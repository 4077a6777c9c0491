import pino from "pino";
import { assembleBeat } from "../../server/beat";
import { readConfig } from "../../server/config";
import { beatEnv } from "../support/beat-harness";
import { testApp } from "../support/test-app";

/**
 * One measured run of the morning's work on a filled database: the scan (stage timeouts, their
 * alerts, red dots) and the digest for everyone, queued to the outbox. Run as its own process, so
 * its peak memory is its own; prints one JSON line.
 */
async function main(): Promise<void> {
  const [path, atText] = process.argv.slice(2);
  const at = new Date(atText ?? Date.now());
  const config = readConfig(beatEnv(testApp(), "http://127.0.0.1:9", `sqlite:${path}`));
  const beat = await assembleBeat(config, {
    clock: { now: () => at },
    log: pino({ level: "silent" }),
  });
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  const started = performance.now();
  const counts = await beat.jobs.run("digest", at);
  const ms = performance.now() - started;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024);
  await beat.db.close();
  process.stdout.write(
    `${JSON.stringify({ ms: Math.round(ms), peakRssMb: Math.round(peak / 1048576), counts })}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`digest run failed: ${String(error)}\n`);
  process.exit(1);
});

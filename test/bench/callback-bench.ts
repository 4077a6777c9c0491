import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import { WeComEmulator } from "../emulator/wecom-emulator";
import { newMsgId, textMessage } from "../emulator/wecom-messages";
import { beatEnv } from "../support/beat-harness";
import { spawnBeat, stopGently } from "../support/beat-process";
import { testApp } from "../support/test-app";

/**
 * `npm run bench:callback`: real encrypted callbacks over loopback, each with its own MsgId, against
 * Beat (verify, decrypt, check, parse, store in SQLite, log, answer; the worker processing behind it)
 * and against a bare Koa handler that only verifies, decrypts and answers. Same run, same machine.
 */
const THROUGHPUT_SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const RATE_SECONDS = Number(process.env.BENCH_RATE_SECONDS ?? 10);
const CONNECTIONS = 32;
const FIXED_RATE = 200;

interface Measured {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

function sealedRequests(emulator: WeComEmulator, count: number) {
  return Array.from({ length: count }, (_, i) => {
    const { url, body } = emulator.sealCallback(
      "",
      textMessage(emulator.app, `rep${i % 50}`, `第${i}条：客户说价格太高，要对比三家`, {
        msgId: newMsgId(),
      }),
    );
    return { path: `/wecom/callback${url}`, body };
  });
}

async function load(
  baseUrl: string,
  requests: { path: string; body: string }[],
  options: { seconds: number; rate?: number },
) {
  let next = 0;
  const result = await autocannon({
    url: baseUrl,
    connections: options.rate ? 20 : CONNECTIONS,
    duration: options.seconds,
    overallRate: options.rate,
    requests: [
      {
        method: "POST",
        headers: { "content-type": "text/xml" },
        setupRequest: (req) => {
          const r = requests[next++ % requests.length];
          return { ...req, path: r?.path, body: r?.body };
        },
      },
    ],
  });

  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.non2xx + result.errors + result.timeouts,
  } satisfies Measured;
}

/** Starts a helper script as its own process and reads the JSON line it prints when ready. */
async function startChild(script: string, env: Record<string, string>) {
  const child = spawn(process.execPath, ["--import", "tsx", join(__dirname, script)], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const ready = await new Promise<Record<string, string | number>>((resolve) => {
    child.stdout?.once("data", (d) => resolve(JSON.parse(String(d).split("\n")[0] ?? "{}")));
  });

  return { child, ready };
}

/** Waits until Beat's worker has caught up, so one phase's backlog does not tax the next. */
async function drained(beatUrl: string): Promise<void> {
  for (;;) {
    const health = (await (await fetch(`${beatUrl}/healthz`)).json()) as {
      inbox: Record<string, number>;
    };
    if (!health.inbox.pending && !health.inbox.processing) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const fmt = (m: Measured) =>
  `${m.rps.toFixed(0).padStart(7)} req/s   p50 ${m.p50.toFixed(1).padStart(6)} ms   p99 ${m.p99.toFixed(1).padStart(6)} ms   errors ${m.errors}`;

async function main(): Promise<void> {
  const app = testApp();
  // The bench process only seals callbacks; WeCom's side runs in its own process so that taking
  // Beat's replies does not compete with the load generator for a core.
  const emulator = new WeComEmulator(app);
  const appEnv = beatEnv(app, "", "");
  const wecom = await startChild("../emulator/run-emulator.ts", appEnv);
  const dir = mkdtempSync(join(tmpdir(), "beat-bench-"));
  const env = beatEnv(app, String(wecom.ready.apiBase), `sqlite:${join(dir, "beat.db")}`);
  const beat = await spawnBeat(
    {
      ...env,
      ...(process.env.BENCH_WORKER === "off" ? { INBOX_WORKER: "off" } : {}),
      ...(process.env.BENCH_LOG ? { LOG_LEVEL: process.env.BENCH_LOG } : {}),
    },
    {
      nodeArgs: process.env.BENCH_PROFILE_DIR
        ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`]
        : [],
    },
  );
  const bare = await startChild("bare-handler.ts", env);
  const bareUrl = `http://127.0.0.1:${bare.ready.port}`;
  // Each callback is a distinct delivery; signatures stay fresh for the whole run (300 s window).
  const requests = sealedRequests(emulator, 62_000 + FIXED_RATE * RATE_SECONDS);
  process.stdout.write(
    `callback bench: ${CONNECTIONS} connections, ${THROUGHPUT_SECONDS}s max-throughput, ${RATE_SECONDS}s at ${FIXED_RATE} req/s\n`,
  );

  await load(bareUrl, requests.slice(0, 2000), { seconds: 2 }); // warm both JITs the same way
  await load(beat.url, requests.slice(0, 2000), { seconds: 2 });
  await drained(beat.url);
  const bareMax = await load(bareUrl, requests, { seconds: THROUGHPUT_SECONDS });
  const beatMax = await load(beat.url, requests.slice(2000, 62_000), {
    seconds: THROUGHPUT_SECONDS,
  });
  await drained(beat.url);
  const bareRate = await load(bareUrl, requests, { seconds: RATE_SECONDS, rate: FIXED_RATE });
  const beatRate = await load(beat.url, requests.slice(62_000), {
    seconds: RATE_SECONDS,
    rate: FIXED_RATE,
  });
  await drained(beat.url);

  const ratio = beatMax.rps / bareMax.rps;
  process.stdout.write(
    `\nmax throughput\n  bare handler ${fmt(bareMax)}\n  beat         ${fmt(beatMax)}\n`,
  );
  process.stdout.write(
    `at ${FIXED_RATE} req/s\n  bare handler ${fmt(bareRate)}\n  beat         ${fmt(beatRate)}\n`,
  );
  process.stdout.write(
    `\nbeat/bare throughput ratio: ${ratio.toFixed(2)} (target ≥ 0.50: ${ratio >= 0.5 ? "met" : "MISSED"})\n`,
  );
  process.stdout.write(
    `beat p99 at ${FIXED_RATE} req/s: ${beatRate.p99.toFixed(1)} ms (target < 50 ms: ${beatRate.p99 < 50 ? "met" : "MISSED"})\n`,
  );

  bare.child.kill("SIGTERM");
  await stopGently(beat);
  wecom.child.kill("SIGTERM");
  rmSync(dir, { recursive: true, force: true });
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);

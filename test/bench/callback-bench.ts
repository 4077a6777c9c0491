import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import { Agent, request } from "undici";
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
const THROUGHPUT_SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
/** Enough fresh callbacks for a phase at any speed Beat reaches on this kind of machine. */
const MAX_EXPECTED_RPS = 20_000;
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

/**
 * Sends `rate` requests a second, each at its own scheduled moment, and measures each latency from
 * that moment (so a stall is charged to every request it delays). autocannon's fixed-rate mode
 * releases requests in bursts, which made even the bare handler's p99 look like 30 ms.
 */
async function paced(
  baseUrl: string,
  requests: { path: string; body: string }[],
  rate: number,
  seconds: number,
) {
  const agent = new Agent({ connections: 32 });
  const total = Math.min(rate * seconds, requests.length);
  const latencies: number[] = [];
  let errors = 0;
  collectGarbage();
  const start = performance.now() + 50;
  await Promise.all(
    Array.from({ length: total }, async (_, i) => {
      const due = start + (i * 1000) / rate;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
      const r = requests[i];
      try {
        const response = await request(`${baseUrl}${r?.path}`, {
          method: "POST",
          headers: { "content-type": "text/xml" },
          body: r?.body,
          dispatcher: agent,
        });
        await response.body.dump();
        if (response.statusCode !== 200) errors += 1;
      } catch {
        errors += 1;
      }
      latencies.push(performance.now() - due);
    }),
  );
  await agent.close();
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;

  return { rps: total / seconds, p50: at(0.5), p99: at(0.99), errors } satisfies Measured;
}

/** Collects the bench process's own garbage between phases, so a pause of ours is not counted as theirs. */
function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

async function load(
  baseUrl: string,
  requests: { path: string; body: string }[],
  options: { seconds: number },
) {
  let next = 0;
  collectGarbage();
  const result = await autocannon({
    url: baseUrl,
    connections: CONNECTIONS,
    duration: options.seconds,
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
  // An accept-only Beat (BENCH_WORKER=off) never drains: its rows wait for a worker elsewhere.
  if (process.env.BENCH_WORKER === "off") return;
  for (;;) {
    const health = (await (await fetch(`${beatUrl}/healthz`)).json()) as {
      inbox: Record<string, number>;
    };
    if (!health.inbox.pending && !health.inbox.processing) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Each figure's median across rounds, taken separately (rps, p50 and p99 need not share a round). */
function median(rounds: Measured[]): Measured {
  const mid = (values: number[]) =>
    values.sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

  return {
    rps: mid(rounds.map((r) => r.rps)),
    p50: mid(rounds.map((r) => r.p50)),
    p99: mid(rounds.map((r) => r.p99)),
    errors: rounds.reduce((sum, r) => sum + r.errors, 0),
  };
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
  // Beat gets fresh MsgIds in every phase (a repeat would be a cheap duplicate); the bare handler
  // stores nothing, so one pool serves it. Signatures stay fresh for the 300 s the bench takes.
  const fresh = (count: number) => sealedRequests(emulator, count);
  const barePool = fresh(20_000);
  process.stdout.write(
    `callback bench: ${ROUNDS} rounds of ${THROUGHPUT_SECONDS}s at full speed (${CONNECTIONS} connections), ` +
      `then ${RATE_SECONDS}s at ${FIXED_RATE} req/s\n`,
  );

  await load(bareUrl, barePool, { seconds: 2 }); // warm both JITs the same way
  await load(beat.url, fresh(4000), { seconds: 2 });
  await drained(beat.url);
  const bareRounds: Measured[] = [];
  const beatRounds: Measured[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    // Alternate who goes first, so a drift in the machine's speed does not favour either.
    const beatRequests = fresh(MAX_EXPECTED_RPS * THROUGHPUT_SECONDS);
    const runBare = async () =>
      bareRounds.push(await load(bareUrl, barePool, { seconds: THROUGHPUT_SECONDS }));
    const runBeat = async () => {
      beatRounds.push(await load(beat.url, beatRequests, { seconds: THROUGHPUT_SECONDS }));
      await drained(beat.url);
    };
    if (round % 2 === 0) {
      await runBare();
      await runBeat();
    } else {
      await runBeat();
      await runBare();
    }
    process.stdout.write(`  round ${round + 1}: bare ${fmt(bareRounds[round] as Measured)}\n`);
    process.stdout.write(`           beat ${fmt(beatRounds[round] as Measured)}\n`);
  }
  const bareRate = await paced(bareUrl, barePool, FIXED_RATE, RATE_SECONDS);
  const beatRate = await paced(
    beat.url,
    fresh(FIXED_RATE * RATE_SECONDS),
    FIXED_RATE,
    RATE_SECONDS,
  );
  await drained(beat.url);

  const bareMax = median(bareRounds);
  const beatMax = median(beatRounds);
  const ratio = beatMax.rps / bareMax.rps;
  process.stdout.write(
    `\nmax throughput (median of ${ROUNDS} rounds)\n  bare handler ${fmt(bareMax)}\n  beat         ${fmt(beatMax)}\n`,
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

/**
 * `npm run bench:digest`: the red-dot scan plus the morning digest on SQLite, at issue 6's full size
 * (1,000 reps, 100,000 opportunities, 1,000,000 interactions) and at half of it, with wall time and
 * peak memory (RSS) of each, and how they grew. Target: under 10 s and 1 GB at full size, growing no
 * faster than linearly. Each run is a fresh process on a fresh database.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "../../server/db/database";
import { fillDatabase, type Size } from "./digest-data";

const AT = new Date("2026-12-05T08:30:00+08:00");
const FULL: Size = { reps: Number(process.env.BENCH_REPS ?? 1000), customersPerRep: 100 };

async function measure(size: Size, dir: string) {
  const path = join(dir, `bench-${size.reps}.db`);
  const db = await openDatabase({ kind: "sqlite", path });
  await db.close();
  const built = performance.now();
  const counts = fillDatabase(path, size, AT);
  const buildSeconds = (performance.now() - built) / 1000;
  const run = spawnSync(
    process.execPath,
    ["--import", "tsx", join(__dirname, "digest-run.ts"), path, AT.toISOString()],
    {
      encoding: "utf8",
    },
  );
  if (run.status !== 0) {
    throw new Error(run.stderr);
  }

  const result = JSON.parse(run.stdout) as {
    ms: number;
    peakRssMb: number;
    counts: Record<string, number>;
  };

  return {
    data: counts,
    buildSeconds,
    ms: result.ms,
    peakRssMb: result.peakRssMb,
    job: result.counts,
  };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "beat-digest-bench-"));
  try {
    const half = await measure({ ...FULL, reps: FULL.reps / 2 }, dir);
    const full = await measure(FULL, dir);
    for (const [label, r] of [
      ["half", half],
      ["full", full],
    ] as const) {
      process.stdout.write(
        `${label.padEnd(4)} ${r.data.people} people, ${r.data.opportunities} opportunities, ${r.data.interactions} interactions ` +
          `(built in ${r.buildSeconds.toFixed(1)} s): scan + digest ${(r.ms / 1000).toFixed(2)} s, peak RSS ${r.peakRssMb} MB; ` +
          `${r.job.open} red dots open, digests for ${r.job.reps} reps and ${r.job.managers} managers\n`,
      );
    }
    const timeGrowth = full.ms / half.ms;
    const memoryGrowth = full.peakRssMb / half.peakRssMb;
    process.stdout.write(
      `growth from half to full size (2x data): time ×${timeGrowth.toFixed(2)}, memory ×${memoryGrowth.toFixed(2)} ` +
        `(linear would be ×2.00)\n` +
        `full size: ${(full.ms / 1000).toFixed(2)} s (target < 10 s: ${full.ms < 10_000 ? "met" : "MISSED"}), ` +
        `${full.peakRssMb} MB (target < 1024 MB: ${full.peakRssMb < 1024 ? "met" : "MISSED"})\n`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

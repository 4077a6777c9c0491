import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";

/**
 * `npm test`: every vitest suite, then one closing line `N passed, N failed, N skipped` that CI reads
 * (vitest's own summary is not a format it knows). Exits with vitest's code.
 */
const REPORT = ".vitest-report.json";
rmSync(REPORT, { force: true });
const run = spawnSync(
  process.execPath,
  [
    "node_modules/vitest/vitest.mjs",
    "run",
    "--reporter=default",
    "--reporter=json",
    `--outputFile=${REPORT}`,
    ...process.argv.slice(2),
  ],
  { stdio: "inherit" },
);
if (existsSync(REPORT)) {
  const report = JSON.parse(readFileSync(REPORT, "utf8")) as {
    numPassedTests: number;
    numFailedTests: number;
    numPendingTests: number;
    numTodoTests: number;
    testResults: { name: string; status: string; assertionResults: unknown[] }[];
  };
  // A file that fails before any test runs (an import that throws) has no tests to count; it is a
  // failure all the same, so it counts as one and is named.
  const brokenFiles = report.testResults.filter(
    (file) => file.status === "failed" && file.assertionResults.length === 0,
  );
  for (const file of brokenFiles) {
    process.stdout.write(`failed to load: ${file.name}\n`);
  }
  const failed = report.numFailedTests + brokenFiles.length;
  const skipped = report.numPendingTests + report.numTodoTests;
  process.stdout.write(`${report.numPassedTests} passed, ${failed} failed, ${skipped} skipped\n`);
}
process.exit(run.status ?? 1);

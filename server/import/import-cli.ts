import { existsSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { SingleBar } from "cli-progress";
import { systemClock } from "../clock";
import { ConfigError, readDatabaseTarget } from "../config";
import { openDatabase } from "../db/database";
import { BeatError } from "../errors";
import { importFile } from "./import-file";
import type { ImportReport } from "./import-report";

const USAGE = "usage: npm run import -- <file.csv|file.xlsx>";

/**
 * npm runs scripts from the package root; INIT_CWD is where the admin typed the command, which is
 * what a relative path they give means.
 */
function resolveInput(path: string): string {
  const full = resolve(process.env.INIT_CWD ?? process.cwd(), path);
  if (!existsSync(full)) {
    throw new BeatError("import_missing", `${path}: no such file`);
  }
  if (!statSync(full).isFile()) {
    throw new BeatError("import_missing", `${path} is not a file`);
  }

  return full;
}

function printReport(path: string, report: ImportReport): void {
  const what = report.kind === "people" ? "people" : "customers";
  process.stdout.write(
    `${path}: ${report.total} ${what} rows — ${report.created} created, ${report.updated} updated, ` +
      `${report.unchanged} unchanged, ${report.rejected.length} rejected\n`,
  );
  if (report.encoding && report.encoding !== "utf-8" && report.encoding !== "xlsx") {
    process.stdout.write(
      `  (the file is not UTF-8; it was read as ${report.encoding.toUpperCase()})\n`,
    );
  }
  for (const { row, reason } of report.rejected) {
    process.stdout.write(`  row ${row}: ${reason}\n`);
  }
}

/**
 * `npm run import -- FILE`: needs only DATABASE_URL (or the default SQLite file), not the WeCom
 * settings, so an admin can load the team before the app is connected. Exit 0 when every row went
 * in, 2 when some were rejected (the rest are imported), 1 when the file could not be read at all.
 */
async function main(): Promise<number> {
  const given = process.argv[2];
  if (!given) {
    process.stderr.write(`${USAGE}\n`);
    return 1;
  }
  const path = resolveInput(given);
  if (existsSync(".env")) {
    process.loadEnvFile(".env");
  }
  const db = await openDatabase(readDatabaseTarget(process.env));
  const bar = process.stderr.isTTY
    ? new SingleBar({ format: "importing [{bar}] {value}/{total} rows" })
    : null;
  try {
    const report = await importFile(path, {
      db,
      clock: systemClock,
      onProgress: (done, total) => {
        if (bar && done === 1) bar.start(total, 0);
        bar?.update(done);
      },
    });
    bar?.stop();
    printReport(given, report);
    return report.rejected.length > 0 ? 2 : 0;
  } finally {
    bar?.stop();
    await db.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const known = error instanceof BeatError || error instanceof ConfigError;
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`import failed: ${known ? message : `unexpected error: ${message}`}\n`);
    process.exit(1);
  },
);

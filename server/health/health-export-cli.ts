import { existsSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { readDatabaseTarget, readRuleSettings } from "../config";
import { openDatabase } from "../db/database";
import { contactHealth } from "./contact-health";
import { healthCsv, monthSoFar } from "./health-export";

/**
 * `npm run export:health -- --month 2026-11 [--out file.csv]`: the month's contact health per rep, with
 * the compensation weights, as CSV (standard output unless --out). It reads the database and the
 * RED_DOT_* and HEALTH_* settings only: payroll can run it without the WeCom app's secrets.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { month: { type: "string" }, out: { type: "string" } } });
  if (existsSync(".env")) {
    process.loadEnvFile(".env");
  }
  const rules = readRuleSettings(process.env);
  const range = monthSoFar(values.month ?? "", new Date());
  const db = await openDatabase(readDatabaseTarget(process.env));
  try {
    const csv = healthCsv(await contactHealth({ db, rules }, range), rules.health.weights);
    if (values.out) {
      writeFileSync(values.out, csv);
    } else {
      process.stdout.write(csv);
    }
  } finally {
    await db.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `export failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});

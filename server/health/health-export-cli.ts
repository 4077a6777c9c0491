import { existsSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { systemClock } from "../clock";
import { readConfig } from "../config";
import { openDatabase } from "../db/database";
import { createRulesExtractor } from "../extractor/rules/rules-extractor";
import { FileStore } from "../files/file-store";
import { createSalesCore } from "../sales-core";
import { healthCsv, monthRange } from "./health-export";

/**
 * `npm run export:health -- --month 2026-11 [--out file.csv]`: the month's contact health per rep, with
 * the compensation weights, as CSV (standard output unless --out).
 */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { month: { type: "string" }, out: { type: "string" } } });
  if (existsSync(".env")) {
    process.loadEnvFile(".env");
  }
  const config = readConfig(process.env);
  const range = monthRange(values.month ?? "");
  const db = await openDatabase(config.database);
  try {
    const core = createSalesCore({
      db,
      clock: systemClock,
      extractor: createRulesExtractor(),
      files: new FileStore(config.attachmentDir),
      rules: config.rules,
    });
    const csv = healthCsv(await core.contactHealth(range), config.rules.health.weights);
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

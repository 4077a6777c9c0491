import type { Clock } from "../clock";
import { importCustomers } from "../customers/import-customers";
import type { Database } from "../db/database";
import { importPeople } from "../people/import-people";
import { recognizeColumns, recordOf } from "./column-names";
import type { ImportReport, ProgressListener } from "./import-report";
import { readTable } from "./read-table";

/** Imports a people or customers file (the header row says which) and reports every refused row. */
export async function importFile(
  path: string,
  deps: { db: Database; clock: Clock; onProgress?: ProgressListener },
): Promise<ImportReport> {
  const table = await readTable(path);
  const { kind, fields } = recognizeColumns(table.headers);
  const rows = table.rows.map((row) => ({
    rowNumber: row.rowNumber,
    record: recordOf(row.cells, fields),
  }));
  const input = { rows, db: deps.db, clock: deps.clock, onProgress: deps.onProgress };

  const report = kind === "people" ? await importPeople(input) : await importCustomers(input);

  return { ...report, encoding: table.encoding };
}

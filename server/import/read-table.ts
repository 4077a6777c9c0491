import { readFile } from "node:fs/promises";
import { extname } from "node:path";
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { BeatError } from "../errors";

/** One data row with its 1-based row number in the file (the header is row 1), as a person sees it. */
export interface TableRow {
  rowNumber: number;
  cells: string[];
}

export interface Table {
  headers: string[];
  rows: TableRow[];
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) {
    return "";
  }
  if (value instanceof Date) {
    return value.toISOString();
  }
  if (typeof value === "object") {
    // Rich text, hyperlinks and formulas carry their visible text in different fields.
    if ("richText" in value) {
      return value.richText.map((part) => part.text).join("");
    }
    if ("text" in value && typeof value.text === "string") {
      return value.text;
    }
    if ("result" in value) {
      return cellText(value.result as ExcelJS.CellValue);
    }
    return "";
  }

  return String(value);
}

async function readXlsx(path: string): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  const sheet = workbook.worksheets[0];
  if (!sheet) {
    throw new BeatError("import_empty", `${path} has no worksheet`);
  }
  const lines: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
    const values = row.values as ExcelJS.CellValue[];
    // exceljs rows are 1-based: values[0] is always empty.
    lines[rowNumber - 1] = values.slice(1).map((v) => cellText(v).trim());
  });

  return Array.from(lines, (line) => line ?? []);
}

async function readCsv(path: string): Promise<string[][]> {
  const text = await readFile(path, "utf8");
  try {
    return parse(text, {
      bom: true,
      relax_column_count: true,
      skip_empty_lines: false,
      trim: true,
    });
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    throw new BeatError(
      "import_unreadable",
      `${path} is not valid CSV${line ? ` (near line ${line})` : ""}`,
    );
  }
}

/** Reads the first sheet of an .xlsx or a UTF-8 .csv into a header and numbered rows; blank rows are dropped. */
export async function readTable(path: string): Promise<Table> {
  const ext = extname(path).toLowerCase();
  if (ext !== ".csv" && ext !== ".xlsx") {
    throw new BeatError("import_format", `${path}: only .csv and .xlsx files can be imported`);
  }
  const lines = ext === ".csv" ? await readCsv(path) : await readXlsx(path);
  const [header, ...rest] = lines;
  if (!header || header.every((h) => h === "")) {
    throw new BeatError("import_empty", `${path} has no header row`);
  }
  const rows = rest
    .map((cells, index) => ({ rowNumber: index + 2, cells }))
    .filter((row) => row.cells.some((cell) => cell !== ""));

  return { headers: header.map((h) => h.trim()), rows };
}

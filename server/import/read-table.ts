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
  /** How a CSV's bytes were read; Excel on Chinese Windows saves GB18030 unless told otherwise. */
  encoding: "utf-8" | "utf-16le" | "utf-16be" | "gb18030" | "xlsx";
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
  try {
    await workbook.xlsx.readFile(path);
  } catch {
    throw new BeatError("import_unreadable", `${path} is not a readable .xlsx workbook`);
  }
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

/**
 * Decodes a CSV file: a UTF-16 byte-order mark wins, then strict UTF-8, and bytes that are not
 * UTF-8 are read as GB18030 (the superset of GBK that "CSV (逗号分隔)" in Chinese Excel writes).
 */
function decodeCsv(bytes: Buffer): { text: string; encoding: Table["encoding"] } {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: new TextDecoder("utf-16le").decode(bytes), encoding: "utf-16le" };
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { text: new TextDecoder("utf-16be").decode(bytes), encoding: "utf-16be" };
  }
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes), encoding: "utf-8" };
  } catch {
    return { text: new TextDecoder("gb18030").decode(bytes), encoding: "gb18030" };
  }
}

async function readCsv(path: string): Promise<{ lines: string[][]; encoding: Table["encoding"] }> {
  const { text, encoding } = decodeCsv(await readFile(path));
  try {
    const lines: string[][] = parse(text, {
      bom: true,
      relax_column_count: true,
      // A quote inside an unquoted field (北京"新世纪"科技) is kept as a character: Excel writes such
      // names as they are, and refusing the whole file for one of them would lose every good row.
      relax_quotes: true,
      skip_empty_lines: false,
      trim: true,
    });
    return { lines, encoding };
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
  const { lines, encoding } =
    ext === ".csv"
      ? await readCsv(path)
      : { lines: await readXlsx(path), encoding: "xlsx" as const };
  const [header, ...rest] = lines;
  if (!header || header.every((h) => h === "")) {
    throw new BeatError("import_empty", `${path} has no header row`);
  }
  const rows = rest
    .map((cells, index) => ({ rowNumber: index + 2, cells }))
    .filter((row) => row.cells.some((cell) => cell !== ""));

  return { headers: header.map((h) => h.trim()), rows, encoding };
}

import { parse } from "csv-parse/sync";
import type ExcelJS from "exceljs";
import { AppError } from "../errors.js";
import { lazyRequire } from "../lazy.js";

const excel = lazyRequire<typeof ExcelJS>("exceljs");

/**
 * R2: a legacy complaint log as rows of text — CSV (UTF-8 or Windows-1252, with or without a BOM, comma,
 * semicolon or tab separated) or XLSX (the first worksheet). Anything else is refused with what to do.
 */
export interface SheetRows {
  kind: "csv" | "xlsx";
  header: string[];
  /** Data rows with their row number in the file (1 = the first line), blank rows left out. */
  rows: { number: number; cells: string[] }[];
  emptyRows: number;
}

export const MAX_IMPORT_ROWS = 100_000;

export function notASpreadsheet(detail: string): AppError {
  return new AppError("not_a_spreadsheet", 415, `${detail}; give the complaint log as CSV or XLSX`);
}

const startsWith = (bytes: Uint8Array, magic: number[]) => magic.every((b, i) => bytes[i] === b);

export async function readSpreadsheet(bytes: Uint8Array): Promise<SheetRows> {
  if (bytes.byteLength === 0) throw notASpreadsheet("the file is empty");
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return readXlsx(bytes);
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0])) {
    throw notASpreadsheet("this is an old Excel .xls file, which cannot be read; save it as .xlsx or CSV");
  }
  if (bytes.subarray(0, 8192).includes(0))
    throw notASpreadsheet("this is not a text file (it holds binary data)");
  return readCsv(decodeText(bytes));
}

function decodeText(bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes).replace(/^\uFEFF/, "");
  } catch {
    // Excel on Windows saves "CSV" in the code page of the machine: Windows-1252 in most of Europe.
    return new TextDecoder("windows-1252").decode(bytes);
  }
}

/** The separator the header line uses most, outside quotes: `,`, `;` (European Excel) or tab. */
export function sniffDelimiter(text: string): string {
  const firstLine = text.split(/\r?\n/).find((line) => line.trim() !== "") ?? "";
  const unquoted = firstLine.replace(/"[^"]*"/g, "");
  const counts = [",", ";", "\t"].map((d) => [d, unquoted.split(d).length - 1] as const);
  return counts.sort((a, b) => b[1] - a[1])[0]![1] > 0 ? counts[0]![0] : ",";
}

function readCsv(text: string): SheetRows {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      delimiter: sniffDelimiter(text),
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
      info: true,
    }) as unknown as typeof records;
  } catch (error) {
    throw notASpreadsheet(`the CSV cannot be read (${(error as Error).message})`);
  }
  // A record is numbered by the line it starts on (a quoted field may span lines), as an editor shows it.
  let line = 1;
  const rows = records.map(({ record, info }) => {
    const row = { number: line, cells: record };
    line = info.lines + 1;
    return row;
  });
  return toSheet("csv", rows);
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return "";
  // Spreadsheet dates carry no zone: their wall-clock time is kept, and read in the organisation's zone.
  if (value instanceof Date) return value.toISOString().slice(0, 19).replace("T", " ");
  if (typeof value === "object") {
    if ("richText" in value) return value.richText.map((r) => r.text).join("");
    if ("text" in value) return String(value.text);
    if ("result" in value) return cellText(value.result as ExcelJS.CellValue);
    if ("error" in value) return "";
  }
  return String(value);
}

async function readXlsx(bytes: Uint8Array): Promise<SheetRows> {
  const workbook = new (excel().Workbook)();
  try {
    await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  } catch {
    throw notASpreadsheet("this is a zip file but not an XLSX workbook");
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw notASpreadsheet("the workbook has no worksheet");
  const rows: { number: number; cells: string[] }[] = [];
  sheet.eachRow({ includeEmpty: true }, (row, number) => {
    const values = row.values as ExcelJS.CellValue[]; // 1-based
    rows.push({ number, cells: values.slice(1).map(cellText) });
  });
  return toSheet("xlsx", rows);
}

function toSheet(kind: "csv" | "xlsx", all: { number: number; cells: string[] }[]): SheetRows {
  const blank = (cells: string[]) => cells.every((c) => c.trim() === "");
  const headerAt = all.findIndex((r) => !blank(r.cells));
  if (headerAt < 0) throw notASpreadsheet("the file has no rows");
  let last = all.length - 1;
  while (last > headerAt && blank(all[last]!.cells)) last -= 1;
  // Blank lines at the end (a trailing newline) are not "empty rows" of the log.
  const data = all.slice(headerAt + 1, last + 1);
  const rows = data.filter((r) => !blank(r.cells));
  if (rows.length > MAX_IMPORT_ROWS) {
    throw new AppError(
      "too_many_rows",
      413,
      `the file has ${rows.length} rows; import at most ${MAX_IMPORT_ROWS} at a time (split the file)`,
    );
  }
  return {
    kind,
    header: all[headerAt]!.cells.map((c) => c.trim()),
    rows,
    emptyRows: data.length - rows.length,
  };
}

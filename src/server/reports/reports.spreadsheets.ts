import { stringify } from "csv-stringify/sync";
import type ExcelJS from "exceljs";
import { DateTime } from "luxon";
import type { MonthlyReport } from "../../shared/reports.schema.js";
import { lazyRequire } from "../lazy.js";
import { monthLabel } from "./reports.period.js";
import { type Cell, type ReportTable, reportTables } from "./reports.tables.js";

const excel = lazyRequire<typeof ExcelJS>("exceljs");

export const CSV_COLUMNS = ["table", "row", "column", "value"] as const;

const rowName = (table: ReportTable, row: Cell[]) =>
  row
    .slice(0, table.labelColumns ?? 1)
    .map((cell) => String(cell ?? ""))
    .join(": ");

/**
 * The report as one CSV in long form: a row per figure with the columns table, row, column, value
 * (e.g. `Timeliness,Resolve: median (business hours),October 2026,12.5`). One header, one shape for every
 * table: it opens in a spreadsheet and pivots back into the report's tables, and scripts read it without
 * knowing where one table ends. An empty value is a figure that has nothing to measure (no cases).
 */
export function reportCsv(report: MonthlyReport): Buffer {
  const records: Cell[][] = [];
  for (const table of reportTables(report)) {
    const labels = table.labelColumns ?? 1;
    for (const row of table.rows) {
      table.columns.slice(labels).forEach((column, i) => {
        records.push([table.name, rowName(table, row), column, row[labels + i] ?? null]);
      });
    }
  }
  return Buffer.from(stringify(records, { header: true, columns: [...CSV_COLUMNS], bom: true }));
}

/** The report as a workbook: the Summary sheet first (with who, what and when), then a sheet per table. */
export async function reportXlsx(report: MonthlyReport): Promise<Buffer> {
  const workbook = new (excel().Workbook)();
  workbook.creator = "Redress";
  workbook.created = new Date(report.generatedAt);
  const generated = DateTime.fromISO(report.generatedAt, { zone: report.timezone }).toFormat(
    "d LLLL yyyy, HH:mm ZZZZ",
  );
  for (const [index, table] of reportTables(report).entries()) {
    const sheet = workbook.addWorksheet(table.name.slice(0, 31));
    const intro: Cell[][] =
      index === 0
        ? [
            [`${report.organisation}: complaints report for ${monthLabel(report.month)}`],
            [`Generated ${generated}${report.complete ? "" : " (month to date, not final)"}`],
            [],
          ]
        : [[table.title], []];
    for (const line of intro) sheet.addRow(line);
    sheet.getRow(1).font = { bold: true, size: 14 };
    const header = sheet.addRow(table.columns);
    header.font = { bold: true };
    header.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFE8EEF4" } };
    for (const row of table.rows) sheet.addRow(row.map((cell) => cell ?? ""));
    if (table.note) {
      sheet.addRow([]);
      sheet.addRow([table.note]).font = { italic: true };
    }
    sheet.views = [{ state: "frozen", ySplit: header.number }];
    sheet.columns.forEach((column, i) => {
      column.width = i < (table.labelColumns ?? 1) ? 44 : 18;
    });
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

import { PassThrough, Readable } from "node:stream";
import { stringify } from "csv-stringify";
import type ExcelJS from "exceljs";
import { DateTime } from "luxon";
import { SEED_STATUS_LABELS, seedStatusOf } from "../../shared/enums.js";
import type { Ctx } from "../context.js";
import { lazyRequire } from "../lazy.js";
import { type CaseFilter, type CaseWithRelations, listCasePage } from "./cases.queries.js";

const excel = lazyRequire<typeof ExcelJS>("exceljs");

/** S0 §5: the complaint log's columns, exactly. */
export const LOG_COLUMNS = [
  "Date",
  "Customer Name",
  "Contact Info",
  "Complaint Details",
  "Status",
  "Handler",
  "Actions Taken",
  "Resolution/Closure Date",
] as const;

const BATCH = 1000;

function logRow(row: CaseWithRelations, zone: string): string[] {
  const c = row.case;
  const local = (d: Date | null, format: string) =>
    d ? DateTime.fromJSDate(d, { zone }).toFormat(format) : "";
  return [
    local(c.receivedAt, "yyyy-MM-dd HH:mm"),
    row.customer?.name ?? c.customerName ?? "",
    [row.customer?.email, row.customer?.phone].filter(Boolean).join("; "),
    `${c.reference} — ${c.summary}`,
    SEED_STATUS_LABELS[seedStatusOf(c.status)],
    row.ownerName ?? "",
    c.resolutionNotes ?? "",
    local(c.closedAt ?? c.resolvedAt, "yyyy-MM-dd"),
  ];
}

/** Every matching case, newest first, read a keyset page at a time so memory stays flat. */
async function* logRows(ctx: Ctx, filter: CaseFilter): AsyncGenerator<string[]> {
  const { calendar } = await ctx.settings.current(ctx.db);
  let after: CaseFilter["after"];
  for (;;) {
    const page = await listCasePage(ctx.db, { ...filter, after }, BATCH);
    for (const row of page) yield logRow(row, calendar.body.timezone);
    if (page.length < BATCH) return;
    const last = page.at(-1)!.case;
    after = { receivedAt: last.receivedAt, id: last.id };
  }
}

export function exportLogCsv(ctx: Ctx, filter: CaseFilter): Readable {
  const csv = stringify({ header: true, columns: [...LOG_COLUMNS], bom: true });
  Readable.from(logRows(ctx, filter))
    .on("error", (e) => csv.destroy(e))
    .pipe(csv);
  return csv;
}

export function exportLogXlsx(ctx: Ctx, filter: CaseFilter): Readable {
  const out = new PassThrough();
  const workbook = new (excel().stream.xlsx.WorkbookWriter)({ stream: out, useStyles: true });
  const sheet = workbook.addWorksheet("Complaint log", { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.columns = LOG_COLUMNS.map((header, i) => ({
    header,
    key: String(i),
    width: [17, 24, 32, 50, 12, 20, 40, 20][i],
  }));
  sheet.getRow(1).font = { bold: true };
  (async () => {
    for await (const row of logRows(ctx, filter)) sheet.addRow(row).commit();
    sheet.commit();
    await workbook.commit();
  })().catch((error: Error) => out.destroy(error));
  return out;
}

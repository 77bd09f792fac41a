import type { MonthlyReport, ReportFormat } from "../../shared/reports.schema.js";
import { reportPdf } from "./reports.pdf.js";
import { reportCsv, reportXlsx } from "./reports.spreadsheets.js";

export interface RenderedReport {
  body: Buffer;
  contentType: string;
  filename: string;
}

const CONTENT_TYPES: Record<ReportFormat, string> = {
  json: "application/json; charset=utf-8",
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  pdf: "application/pdf",
};

/** The report in a download format; every format is drawn from the same figures (stored or live). */
export async function renderReport(
  report: MonthlyReport,
  format: ReportFormat,
  options: { chromiumPath: string },
): Promise<RenderedReport> {
  const body =
    format === "pdf"
      ? await reportPdf(report, options.chromiumPath)
      : format === "xlsx"
        ? await reportXlsx(report)
        : format === "csv"
          ? reportCsv(report)
          : Buffer.from(`${JSON.stringify(report, null, 2)}\n`);
  return {
    body,
    contentType: CONTENT_TYPES[format],
    filename: `complaints-report-${report.month}${report.complete ? "" : "-to-date"}.${format}`,
  };
}

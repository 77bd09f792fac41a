// The report as one self-contained HTML page for Chromium to print: a summary page, then each table
// with its chart. No scripts, no external files: everything (styles, SVG) is inline.
import { DateTime } from "luxon";
import { CHANNELS, SEVERITIES } from "../../shared/enums.js";
import { AGE_BUCKETS, type MonthlyReport, type PeriodFigures } from "../../shared/reports.schema.js";
import { type BarGroup, barChart, escapeHtml } from "./reports.charts.js";
import { monthLabel } from "./reports.period.js";
import { formatNumber, highlights, kpiTiles } from "./reports.summary.js";
import { type Cell, comparisonColumns, type ReportTable, reportTables } from "./reports.tables.js";

const STYLE = `
  @page { size: A4; }
  * { box-sizing: border-box; }
  body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; color: #1d2733; font-size: 9.5pt; margin: 0; }
  h1 { font-size: 20pt; margin: 0 0 2mm; color: #1f4e79; }
  h2 { font-size: 12.5pt; color: #1f4e79; border-bottom: 1.5px solid #1f4e79; padding-bottom: 1mm; margin: 7mm 0 3mm; }
  .org { text-transform: uppercase; letter-spacing: .12em; font-size: 8.5pt; color: #5a6b7d; }
  .meta { color: #5a6b7d; margin-bottom: 6mm; }
  .draft { color: #a33; font-weight: bold; }
  .kpis { display: grid; grid-template-columns: repeat(4, 1fr); gap: 3mm; margin-bottom: 6mm; }
  .kpi { border: 1px solid #d4dbe3; border-radius: 2mm; padding: 2.5mm 3mm; background: #f7f9fb; }
  .kpi-label { font-size: 8pt; color: #5a6b7d; }
  .kpi-value { font-size: 17pt; font-weight: bold; margin: 1mm 0; color: #1d2733; }
  .delta { display: block; font-size: 7.5pt; color: #5a6b7d; }
  .delta.good { color: #1e7a3c; } .delta.bad { color: #b23b2e; }
  ul.highlights { padding-left: 5mm; margin: 0 0 4mm; } ul.highlights li { margin-bottom: 1.5mm; line-height: 1.35; }
  table { border-collapse: collapse; width: 100%; margin-bottom: 2mm; page-break-inside: auto; }
  tr { page-break-inside: avoid; }
  th, td { padding: 1.2mm 2mm; border-bottom: 1px solid #e3e8ee; text-align: right; }
  th { background: #e8eef4; font-size: 8pt; font-weight: bold; vertical-align: bottom; }
  th.label, td.label { text-align: left; }
  td { white-space: nowrap; }
  tbody tr:nth-child(even) td { background: #fafbfc; }
  td.group { color: #5a6b7d; }
  .note { font-size: 8pt; color: #5a6b7d; margin: 0 0 3mm; }
  .chart { margin: 2mm 0 4mm; page-break-inside: avoid; }
  .chart svg text { font-family: inherit; }
  .chart .label, .chart .legend { font-size: 8.5px; fill: #1d2733; }
  .chart .value, .chart .tick { font-size: 7.5px; fill: #5a6b7d; }
  .chart .grid { stroke: #e3e8ee; stroke-width: 1; }
  .keep { page-break-inside: avoid; }
  h2 { page-break-after: avoid; }
  .page-break { page-break-before: always; }
`;

const cell = (value: Cell, isLabel: boolean) =>
  `<td class="${isLabel ? "label" : ""}">${typeof value === "number" ? formatNumber(value) : escapeHtml(value ?? "–")}</td>`;

function tableHtml(table: ReportTable, options: { hideRepeatedGroup?: boolean } = {}): string {
  const labels = table.labelColumns ?? 1;
  let lastGroup: Cell = null;
  const rows = table.rows.map((row) => {
    const cells = row.map((value, i) => {
      if (i === 0 && labels > 1 && options.hideRepeatedGroup) {
        const shown = value === lastGroup ? "" : value;
        lastGroup = value;
        return `<td class="label group">${escapeHtml(String(shown ?? ""))}</td>`;
      }
      return cell(value, i < labels);
    });
    return `<tr>${cells.join("")}</tr>`;
  });
  const head = table.columns.map((c, i) => `<th class="${i < labels ? "label" : ""}">${escapeHtml(c)}</th>`);
  if (rows.length === 0)
    rows.push(`<tr><td class="label" colspan="${table.columns.length}">None recorded.</td></tr>`);
  return `<table><thead><tr>${head.join("")}</tr></thead><tbody>${rows.join("")}</tbody></table>${
    table.note ? `<p class="note">${escapeHtml(table.note)}</p>` : ""
  }`;
}

/** A chart of one figure per label, for the month and its two comparisons. */
function compareChart(report: MonthlyReport, labels: [string, (f: PeriodFigures) => number | null][]) {
  const groups: BarGroup[] = labels.map(([label, pick]) => ({
    label,
    values: [pick(report), pick(report.previous), pick(report.yearAgo)],
  }));
  return `<div class="chart">${barChart({ groups, series: comparisonColumns(report) })}</div>`;
}

/** A titled part; kept on one page unless it is long enough to run over (then its table breaks, header repeated). */
function section(
  title: string,
  body: string,
  options: { pageBreak?: boolean; mayBreak?: boolean } = {},
): string {
  const classes = ["section", options.pageBreak ? "page-break" : "", options.mayBreak ? "" : "keep"];
  return `<div class="${classes.join(" ").trim()}"><h2>${escapeHtml(title)}</h2>${body}</div>`;
}

const label = (key: string) =>
  key === "api" ? "API" : key.charAt(0).toUpperCase() + key.slice(1).replace(/_/g, " ");

/** The report as HTML, ready for Chromium's print to PDF (page numbers come from its footer). */
export function reportHtml(report: MonthlyReport): string {
  const tables = new Map(reportTables(report).map((t) => [t.name, t]));
  const table = (name: string, options?: { hideRepeatedGroup?: boolean }) =>
    tableHtml(tables.get(name)!, options);
  const generated = DateTime.fromISO(report.generatedAt, { zone: report.timezone }).toFormat(
    "d LLLL yyyy 'at' HH:mm ZZZZ",
  );
  const categories = Object.entries(report.received.byCategory)
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
    .slice(0, 10)
    .map(([c]): [string, (f: PeriodFigures) => number | null] => [c, (f) => f.received.byCategory[c] ?? 0]);
  const summary = `
    <div class="org">${escapeHtml(report.organisation)}</div>
    <h1>Complaints report: ${monthLabel(report.month)}</h1>
    <div class="meta">Generated ${generated}. Months and business hours in ${escapeHtml(report.timezone)} time.
      ${report.complete ? "" : '<span class="draft">Month to date: not final.</span>'}</div>
    <div class="kpis">${kpiTiles(report)}</div>
    <h2>In brief</h2>
    <ul class="highlights">${highlights(report)
      .map((line) => `<li>${line}</li>`)
      .join("")}</ul>
    ${section(
      "Cases received by channel",
      compareChart(
        report,
        CHANNELS.map((c) => [label(c), (f) => f.received.byChannel[c]]),
      ),
    )}`;
  const body = [
    section("Summary", table("Summary"), { pageBreak: true }),
    section(
      "Received by category",
      compareChart(report, categories) + (categories.length ? "" : '<p class="note">No cases received.</p>'),
    ),
    section(
      "Received by severity",
      compareChart(
        report,
        [...SEVERITIES, "unassessed" as const].map((s) => [label(s), (f) => f.received.bySeverity[s]]),
      ),
    ),
    section("Received and closed", table("Received and closed", { hideRepeatedGroup: true }), {
      mayBreak: true,
    }),
    section(
      "Time to acknowledge, assign and resolve",
      compareChart(report, [
        ["Acknowledge (median h)", (f) => f.timeliness.acknowledge.medianBusinessHours],
        ["Assign (median h)", (f) => f.timeliness.assign.medianBusinessHours],
        ["Resolve (median h)", (f) => f.timeliness.resolve.medianBusinessHours],
        ["Resolve (90th percentile h)", (f) => f.timeliness.resolve.p90BusinessHours],
      ]) + table("Timeliness"),
      { mayBreak: true },
    ),
    section("Escalations", table("Escalations")),
    section(
      "Open cases at month end, by age in business days",
      compareChart(
        report,
        AGE_BUCKETS.map((b) => [`${b} days`, (f) => f.backlog.byAge[b]]),
      ) + table("Backlog"),
      { mayBreak: true },
    ),
    section("Top categories", table("Top categories")),
    section("Top root causes", table("Root causes")),
    section("Repeat customers", table("Repeat customers")),
    section("Corrective and preventive actions (CAPA)", table("CAPA")),
    section("Customer feedback", table("Feedback")),
    section(tables.get("Regulatory")!.title, table("Regulatory")),
  ];
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
    <title>${escapeHtml(report.organisation)}: complaints report ${monthLabel(report.month)}</title>
    <style>${STYLE}</style></head><body>${summary}${body.join("")}</body></html>`;
}

/** Chromium's page footer: organisation, report and "page N of M" on every page. */
export function footerHtml(report: MonthlyReport): string {
  return `<div style="font-size:7.5pt;color:#5a6b7d;width:100%;padding:0 14mm;display:flex;justify-content:space-between;font-family:'DejaVu Sans',Arial,sans-serif">
    <span>${escapeHtml(report.organisation)}: complaints report, ${monthLabel(report.month)}</span>
    <span>Page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>`;
}

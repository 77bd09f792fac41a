// The report as tables: one list that the CSV, the XLSX sheets and the PDF all render, so the three
// formats never disagree. Each figure is shown for the month, the month before and a year before.
import { CASE_TYPES, CHANNELS, SEVERITIES } from "../../shared/enums.js";
import {
  AGE_BUCKETS,
  CAPA_STATUSES,
  ESCALATION_CAUSES,
  type MonthlyReport,
  type PeriodFigures,
  type RegulatoryFigures,
  UNASSESSED,
  UNCATEGORISED,
} from "../../shared/reports.schema.js";
import { monthLabel } from "./reports.period.js";

export type Cell = string | number | null;

export interface ReportTable {
  /** Short, unique: the XLSX sheet name (≤ 31 characters) and the CSV `table` column. */
  name: string;
  title: string;
  columns: string[];
  rows: Cell[][];
  /** How many leading columns name the row (the rest are figures); 1 unless said. */
  labelColumns?: number;
  note?: string;
}

const label = (key: string) =>
  key === "api" ? "API" : key.charAt(0).toUpperCase() + key.slice(1).replace(/_/g, " ");
const formatMoney = (minor: Record<string, number>) =>
  Object.entries(minor)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(
      ([currency, amount]) =>
        `${currency} ${(amount / 100).toLocaleString("en-GB", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`,
    )
    .join("; ") || "none";

/** Column headings "October 2026", "September 2026", "October 2025". */
export function comparisonColumns(report: MonthlyReport): string[] {
  return [monthLabel(report.month), monthLabel(report.previous.month), monthLabel(report.yearAgo.month)];
}

type Pick = (f: PeriodFigures) => Cell;
const compare = (report: MonthlyReport, rows: [string, Pick][]): Cell[][] =>
  rows.map(([name, pick]) => [name, pick(report), pick(report.previous), pick(report.yearAgo)]);

export function summaryRows(): [string, Pick][] {
  return [
    ["Received", (f) => f.received.total],
    ["Closed", (f) => f.closed.total],
    ["Open at month end", (f) => f.backlog.total],
    ["Median time to resolve (business hours)", (f) => f.timeliness.resolve.medianBusinessHours],
    ["Resolved on time (%)", (f) => f.timeliness.resolve.compliancePercent],
    ["Acknowledged on time (%)", (f) => f.timeliness.acknowledge.compliancePercent],
    ["Escalations", (f) => f.escalations.total],
    ["Complaints upheld (%)", (f) => f.regulatory.upheldPercent],
    ["Redress paid", (f) => formatMoney(f.regulatory.redressMinor)],
    ["Mean satisfaction (1–5)", (f) => f.feedback.meanSatisfaction],
  ];
}

function breakdownRows(report: MonthlyReport): Cell[][] {
  // Categories by this month's count, largest first; cases without one last.
  const all = [report, report.previous, report.yearAgo];
  const categories = [
    ...new Set(
      all.flatMap((f) => [...Object.keys(f.received.byCategory), ...Object.keys(f.closed.byCategory)]),
    ),
  ].sort(
    (a, b) =>
      Number(a === UNCATEGORISED) - Number(b === UNCATEGORISED) ||
      (report.received.byCategory[b] ?? 0) - (report.received.byCategory[a] ?? 0) ||
      a.localeCompare(b),
  );
  const dims: [string, string, Pick, Pick][] = [
    ["All", "total", (f) => f.received.total, (f) => f.closed.total],
    ...CASE_TYPES.map((k): [string, string, Pick, Pick] => [
      "Type",
      k,
      (f) => f.received.byType[k],
      (f) => f.closed.byType[k],
    ]),
    ...CHANNELS.map((k): [string, string, Pick, Pick] => [
      "Channel",
      k,
      (f) => f.received.byChannel[k],
      (f) => f.closed.byChannel[k],
    ]),
    ...[...SEVERITIES, UNASSESSED].map((k): [string, string, Pick, Pick] => [
      "Severity",
      k,
      (f) => f.received.bySeverity[k as keyof PeriodFigures["received"]["bySeverity"]],
      (f) => f.closed.bySeverity[k as keyof PeriodFigures["closed"]["bySeverity"]],
    ]),
    ...categories.map((k): [string, string, Pick, Pick] => [
      "Category",
      k,
      (f) => f.received.byCategory[k] ?? 0,
      (f) => f.closed.byCategory[k] ?? 0,
    ]),
  ];
  return dims.map(([dim, key, received, closed]) => [
    dim,
    dim === "Category" ? key : label(key),
    ...all.map(received),
    ...all.map(closed),
  ]);
}

function regulatoryRows(report: MonthlyReport): Cell[][] {
  const columns: RegulatoryFigures[] = [
    report.regulatory,
    report.halfYear,
    report.previous.regulatory,
    report.yearAgo.regulatory,
  ];
  const rows: [string, (r: RegulatoryFigures) => Cell][] = [
    ["Complaints received", (r) => r.received],
    ["Complaints closed", (r) => r.closed],
    ["Closed within 3 business days", (r) => r.within3BusinessDays],
    ["Closed after 3 business days, within 8 weeks", (r) => r.after3BusinessDaysWithin8Weeks],
    ["Closed after 8 weeks", (r) => r.after8Weeks],
    ["Upheld", (r) => r.upheld],
    ["Partly upheld", (r) => r.partlyUpheld],
    ["Not upheld", (r) => r.notUpheld],
    ["Upheld (%)", (r) => r.upheldPercent],
    ["Redress paid", (r) => formatMoney(r.redressMinor)],
  ];
  return rows.map(([name, pick]) => [name, ...columns.map(pick)]);
}

/** Every table of the report, the summary first. */
export function reportTables(report: MonthlyReport): ReportTable[] {
  const months = comparisonColumns(report);
  const compared = (name: string, title: string, rows: [string, Pick][], note?: string): ReportTable => ({
    name,
    title,
    columns: ["Figure", ...months],
    rows: compare(report, rows),
    ...(note ? { note } : {}),
  });
  const step = (key: "acknowledge" | "assign" | "resolve"): [string, Pick][] => [
    [`${label(key)}: median (business hours)`, (f) => f.timeliness[key].medianBusinessHours],
    [`${label(key)}: 90th percentile (business hours)`, (f) => f.timeliness[key].p90BusinessHours],
    [`${label(key)}: on time`, (f) => f.timeliness[key].met],
    [`${label(key)}: late`, (f) => f.timeliness[key].missed],
    [`${label(key)}: on time (%)`, (f) => f.timeliness[key].compliancePercent],
  ];
  const top = report.topCategories.map((c): [string, Pick] => [
    c.category,
    (f) => f.received.byCategory[c.category] ?? 0,
  ]);
  const causes = report.topRootCauses.map((c): [string, Pick] => [
    c.rootCause,
    (f) => f.topRootCauses.find((x) => x.rootCause === c.rootCause)?.count ?? null,
  ]);
  return [
    compared("Summary", "Summary", summaryRows()),
    {
      name: "Received and closed",
      title: "Received and closed",
      columns: [
        "Dimension",
        "Value",
        ...months.map((m) => `Received ${m}`),
        ...months.map((m) => `Closed ${m}`),
      ],
      rows: breakdownRows(report),
      labelColumns: 2,
    },
    compared(
      "Timeliness",
      "Time to acknowledge, assign and resolve",
      [...step("acknowledge"), ...step("assign"), ...step("resolve")],
      "Business hours from receipt to the step, for the steps done in the month; resolve leaves out time awaiting the customer.",
    ),
    compared("Escalations", "Escalations", [
      ["Total", (f) => f.escalations.total],
      ["To level 2", (f) => f.escalations.byLevel["2"]],
      ["To level 3", (f) => f.escalations.byLevel["3"]],
      ...ESCALATION_CAUSES.map((c): [string, Pick] => [`Cause: ${c}`, (f) => f.escalations.byCause[c]]),
    ]),
    compared("Backlog", "Open cases at month end", [
      ["Open", (f) => f.backlog.total],
      ...AGE_BUCKETS.map((b): [string, Pick] => [`Age ${b} business days`, (f) => f.backlog.byAge[b]]),
      ...(["1", "2", "3"] as const).map((l): [string, Pick] => [
        `At level ${l}`,
        (f) => f.backlog.byLevel[l],
      ]),
    ]),
    compared("Top categories", "Top categories (cases received)", top),
    compared(
      "Root causes",
      "Top root causes (cases closed)",
      causes,
      "The five most frequent root causes recorded on the month's closed cases; – where a cause was not in that month's five.",
    ),
    compared("Repeat customers", "Repeat customers", [
      ["Customers with 2+ cases in the month", (f) => f.repeatCustomers.customers],
      ["Their cases", (f) => f.repeatCustomers.cases],
      ["Customers returning within 12 months", (f) => f.repeatCustomers.returning],
    ]),
    compared("CAPA", "Corrective and preventive actions", [
      ...CAPA_STATUSES.map((s): [string, Pick] => [`Status: ${label(s)}`, (f) => f.capa.byStatus[s]]),
      ["Opened in the month", (f) => f.capa.opened],
      ["Effectiveness checked", (f) => f.capa.effectivenessChecked],
      ["Found effective", (f) => f.capa.effective],
    ]),
    compared("Feedback", "Customer feedback", [
      ["Responses", (f) => f.feedback.responses],
      ["Mean satisfaction with the outcome (1–5)", (f) => f.feedback.meanSatisfaction],
      ["Resolved in the customer's view (%)", (f) => f.feedback.resolvedPercent],
      ["Mean satisfaction with the handling (1–5)", (f) => f.feedback.meanHandling],
    ]),
    {
      name: "Regulatory",
      title: "Regulatory figures (FCA DISP 1.10 style, complaints only)",
      columns: ["Figure", monthLabel(report.month), `${report.halfYear.label} to date`, ...months.slice(1)],
      rows: regulatoryRows(report),
    },
  ];
}

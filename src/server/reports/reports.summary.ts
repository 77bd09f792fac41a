// The first page of the PDF: headline figures with their change, and a few sentences saying what moved.
import type { MonthlyReport, PeriodFigures } from "../../shared/reports.schema.js";
import { escapeHtml } from "./reports.charts.js";
import { monthLabel } from "./reports.period.js";

type Better = "up" | "down" | "neither";

interface Kpi {
  label: string;
  pick: (f: PeriodFigures) => number | null;
  unit: "" | "%" | " h" | " / 5";
  better: Better;
}

export const KPIS: Kpi[] = [
  { label: "Received", pick: (f) => f.received.total, unit: "", better: "neither" },
  { label: "Closed", pick: (f) => f.closed.total, unit: "", better: "neither" },
  { label: "Open at month end", pick: (f) => f.backlog.total, unit: "", better: "down" },
  {
    label: "Median time to resolve",
    pick: (f) => f.timeliness.resolve.medianBusinessHours,
    unit: " h",
    better: "down",
  },
  {
    label: "Resolved on time",
    pick: (f) => f.timeliness.resolve.compliancePercent,
    unit: "%",
    better: "up",
  },
  { label: "Escalations", pick: (f) => f.escalations.total, unit: "", better: "down" },
  { label: "Complaints upheld", pick: (f) => f.regulatory.upheldPercent, unit: "%", better: "neither" },
  { label: "Customer satisfaction", pick: (f) => f.feedback.meanSatisfaction, unit: " / 5", better: "up" },
];

export const formatNumber = (value: number | null, unit = "") =>
  value === null
    ? "–"
    : `${value.toLocaleString("en-GB", { maximumFractionDigits: Number.isInteger(value) ? 0 : 1 })}${unit}`;

/** "▲ 12 % on September" for counts, "▲ 3.5 points" for percentages; green or red when a direction is better. */
function change(now: number | null, then: number | null, kpi: Kpi, against: string): string {
  if (now === null || then === null) return `<span class="delta">– ${against}</span>`;
  const diff = now - then;
  const arrow = diff > 0 ? "▲" : diff < 0 ? "▼" : "■";
  let size: string;
  if (kpi.unit === "%") size = `${formatNumber(Math.abs(diff))} pts`;
  else if (then === 0) size = diff === 0 ? "no change" : `from 0`;
  else size = `${formatNumber(Math.abs((100 * diff) / then))} %`;
  const good =
    kpi.better === "neither" || diff === 0 ? "" : diff > 0 === (kpi.better === "up") ? "good" : "bad";
  return `<span class="delta ${good}">${arrow} ${size} ${against}</span>`;
}

export function kpiTiles(report: MonthlyReport): string {
  const previous = `on ${monthLabel(report.previous.month).split(" ")[0]}`;
  const yearAgo = `on ${monthLabel(report.yearAgo.month)}`;
  return KPIS.map((kpi) => {
    const value = kpi.pick(report);
    return `<div class="kpi"><div class="kpi-label">${kpi.label}</div>
      <div class="kpi-value">${formatNumber(value, kpi.unit)}</div>
      ${change(value, kpi.pick(report.previous), kpi, previous)}
      ${change(value, kpi.pick(report.yearAgo), kpi, yearAgo)}</div>`;
  }).join("");
}

const plural = (n: number, one: string, many = `${one}s`) => `${formatNumber(n)} ${n === 1 ? one : many}`;

/** A few plain sentences on what moved, for a reader who stops after the first page. */
export function highlights(report: MonthlyReport): string[] {
  const lines: string[] = [];
  const previous = monthLabel(report.previous.month).split(" ")[0];
  const received = report.received.total;
  const before = report.previous.received.total;
  lines.push(
    `${plural(received, "case")} received (${plural(report.received.byType.complaint, "complaint")}, ${plural(report.received.byType.incident, "incident")}), against ${formatNumber(before)} in ${previous}; ${plural(report.closed.total, "case")} closed.`,
  );
  const top = report.topCategories[0];
  if (top) {
    const was = report.previous.received.byCategory[top.category] ?? 0;
    lines.push(
      `The largest category was <b>${escapeHtml(top.category)}</b>: ${formatNumber(top.count)} cases (${formatNumber(top.sharePercent, "%")} of the month), ${formatNumber(was)} in ${previous}.`,
    );
  }
  const resolve = report.timeliness.resolve;
  if (resolve.count > 0) {
    lines.push(
      `${plural(resolve.count, "case")} resolved, ${formatNumber(resolve.compliancePercent, "%")} within the deadline; half within ${formatNumber(resolve.medianBusinessHours)} business hours of receipt, nine in ten within ${formatNumber(resolve.p90BusinessHours)}.`,
    );
  }
  const old = report.backlog.byAge["40+"];
  lines.push(
    `${plural(report.backlog.total, "case")} open at the end of the month${old > 0 ? `, ${formatNumber(old)} of them older than 40 business days (about 8 weeks)` : ""}.`,
  );
  if (report.escalations.total > 0) {
    lines.push(
      `${plural(report.escalations.total, "escalation")}: ${formatNumber(report.escalations.byLevel["3"])} to senior management (level 3).`,
    );
  }
  const h = report.halfYear;
  lines.push(
    `Regulatory, ${h.label} to date: ${plural(h.received, "complaint")} received, ${formatNumber(h.closed)} closed, ${formatNumber(h.within3BusinessDays)} of them within 3 business days and ${formatNumber(h.after8Weeks)} after 8 weeks; ${formatNumber(h.upheldPercent, "%")} upheld.`,
  );
  return lines;
}

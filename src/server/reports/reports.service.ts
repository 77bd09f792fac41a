import type { MonthlyReport, PeriodFigures, RegulatoryFigures } from "../../shared/reports.schema.js";
import { appendAudit } from "../audit/audit.service.js";
import type { Ctx } from "../context.js";
import type { Db } from "../db/client.js";
import { transact } from "../db/transact.js";
import type { BusinessCalendar } from "../sla/sla.calendar.js";
import { firstReceivedAt } from "./reports.activity.queries.js";
import {
  findReport,
  findReports,
  insertReport,
  listReports,
  type ReportRow,
} from "./reports.archive.queries.js";
import { withReportSettings } from "./reports.cases.queries.js";
import { computePeriodFigures, regulatoryTotals } from "./reports.figures.js";
import {
  checkReportMonth,
  halfYearOf,
  isComplete,
  type MonthPeriod,
  monthPeriod,
  shiftMonth,
} from "./reports.period.js";
import { readRegulatoryByMonth } from "./reports.regulatory.queries.js";
import { type BusinessTimeline, businessTimeline } from "./reports.timeline.js";

const DAY_MS = 86_400_000;

/** The month's own figures out of a whole report (its comparisons and half-year left behind). */
export function periodFiguresOf(report: MonthlyReport): PeriodFigures {
  const {
    kind: _kind,
    organisation: _organisation,
    timezone: _timezone,
    generatedAt: _generatedAt,
    complete: _complete,
    halfYear: _halfYear,
    previous: _previous,
    yearAgo: _yearAgo,
    ...figures
  } = report;
  return figures;
}

function addRegulatory(months: RegulatoryFigures[]): RegulatoryFigures {
  const sum = (pick: (r: RegulatoryFigures) => number) => months.reduce((total, r) => total + pick(r), 0);
  const redressMinor: Record<string, number> = {};
  for (const month of months) {
    for (const [currency, amount] of Object.entries(month.redressMinor)) {
      redressMinor[currency] = (redressMinor[currency] ?? 0) + amount;
    }
  }
  return regulatoryTotals({
    received: sum((r) => r.received),
    within3BusinessDays: sum((r) => r.within3BusinessDays),
    after3BusinessDaysWithin8Weeks: sum((r) => r.after3BusinessDaysWithin8Weeks),
    after8Weeks: sum((r) => r.after8Weeks),
    upheld: sum((r) => r.upheld),
    partlyUpheld: sum((r) => r.partlyUpheld),
    notUpheld: sum((r) => r.notUpheld),
    redressMinor,
  });
}

/** Regulatory figures of the months not archived, read in one pass over their span. */
async function regulatoryOfMonths(
  db: Db,
  months: string[],
  zone: string,
  timeline: BusinessTimeline,
): Promise<RegulatoryFigures[]> {
  if (months.length === 0) return [];
  const rows = await withReportSettings(db, (tx) =>
    readRegulatoryByMonth(
      tx,
      monthPeriod(months[0]!, zone),
      monthPeriod(months.at(-1)!, zone),
      timeline,
      zone,
    ),
  );
  return months.map((month) => {
    const {
      month: _month,
      redress,
      ...counts
    } = rows.find((r) => r.month === month) ?? {
      month,
      received: 0,
      within3BusinessDays: 0,
      after3BusinessDaysWithin8Weeks: 0,
      after8Weeks: 0,
      upheld: 0,
      partlyUpheld: 0,
      notUpheld: 0,
      redress: null,
    };
    return regulatoryTotals({ ...counts, redressMinor: redress ?? {} });
  });
}

/**
 * R12: the month's report, computed. Comparison months and earlier months of the half-year are taken
 * from the archive when they are there (pre-aggregation: a month is counted once, when it is archived),
 * and computed otherwise.
 */
async function buildMonthlyReport(
  ctx: Ctx,
  period: MonthPeriod,
  calendar: BusinessCalendar,
  now: Date,
): Promise<MonthlyReport> {
  const zone = calendar.timezone;
  const previousMonth = shiftMonth(period.month, -1);
  const yearAgoMonth = shiftMonth(period.month, -12);
  const half = halfYearOf(period.month);
  const earlierInHalf = half.months.filter((m) => m !== period.month);
  const [archived, first] = await Promise.all([
    findReports(ctx.db, [previousMonth, yearAgoMonth, ...earlierInHalf]),
    firstReceivedAt(ctx.db),
  ]);
  const yearAgo = monthPeriod(yearAgoMonth, zone);
  const from = new Date(Math.min(first?.getTime() ?? Number.POSITIVE_INFINITY, yearAgo.start.getTime()));
  const timeline = businessTimeline(
    calendar,
    from,
    new Date(Math.max(now.getTime(), period.end.getTime()) + DAY_MS),
  );
  const figuresOf = async (month: string): Promise<PeriodFigures> => {
    const stored = archived.get(month);
    return stored
      ? periodFiguresOf(stored)
      : computePeriodFigures(ctx.db, monthPeriod(month, zone), now, timeline, zone);
  };
  const missingInHalf = earlierInHalf.filter((m) => !archived.has(m));
  const [figures, previous, yearAgoFigures, computedHalf] = await Promise.all([
    computePeriodFigures(ctx.db, period, now, timeline, zone),
    figuresOf(previousMonth),
    figuresOf(yearAgoMonth),
    regulatoryOfMonths(ctx.db, missingInHalf, zone, timeline),
  ]);
  const halfMonths = [
    ...earlierInHalf.filter((m) => archived.has(m)).map((m) => archived.get(m)!.regulatory),
    ...computedHalf,
    figures.regulatory,
  ];
  return {
    kind: "monthly",
    organisation: ctx.config.orgName,
    timezone: zone,
    generatedAt: now.toISOString(),
    complete: isComplete(period, now),
    ...figures,
    halfYear: { label: half.label, from: half.from, to: period.month, ...addRegulatory(halfMonths) },
    previous,
    yearAgo: yearAgoFigures,
  };
}

/** Stores a complete month's report once (audited); whoever stored it first, the stored one is returned. */
async function archiveReport(ctx: Ctx, report: MonthlyReport, now: Date): Promise<ReportRow> {
  const inserted = await transact(ctx, async (tx) => {
    const row = await insertReport(tx, report, now, ctx.actor.userId);
    if (row) {
      await appendAudit(tx, ctx.actor, now, {
        stream: `report:${report.month}`,
        action: "report.generated",
        changes: {
          kind: { new: row.kind },
          period: { new: row.period },
          reportId: { new: row.id },
          received: { new: report.received.total },
          closed: { new: report.closed.total },
        },
      });
    }
    return row;
  });
  return inserted ?? (await findReport(ctx.db, report.month))!;
}

/**
 * R12: the monthly report of `month` (YYYY-MM in the organisation's zone; `field` names it in a 400).
 * A complete month's report is generated once, archived, and served from the archive from then on; the
 * current month's is computed on each request and not archived.
 */
export async function getMonthlyReport(
  ctx: Ctx,
  month: string,
  field = "month",
): Promise<{ report: MonthlyReport; row: ReportRow | undefined }> {
  const now = ctx.clock.now();
  const { calendar } = await ctx.settings.current(ctx.db, now.getTime());
  const period = checkReportMonth(month, now, calendar.body.timezone, field);
  const stored = await findReport(ctx.db, month);
  if (stored) return { report: stored.figures as MonthlyReport, row: stored };
  const report = await buildMonthlyReport(ctx, period, calendar.body, now);
  if (!report.complete) return { report, row: undefined };
  const row = await archiveReport(ctx, report, now);
  return { report: row.figures as MonthlyReport, row };
}

export const reportDownloads = (month: string) =>
  Object.fromEntries(
    (["json", "csv", "xlsx", "pdf"] as const).map((format) => [
      format,
      `/api/v1/reports/monthly?month=${month}&format=${format}`,
    ]),
  ) as Record<"json" | "csv" | "xlsx" | "pdf", string>;

/** The reports archive, newest period first. */
export async function listArchivedReports(ctx: Ctx, limit = 120) {
  const rows = await listReports(ctx.db, limit);
  return {
    items: rows.map((row) => ({
      id: row.id,
      kind: row.kind,
      period: row.period,
      generatedAt: row.generatedAt.toISOString(),
      generatedById: row.generatedById,
      distributedAt: row.distributedAt?.toISOString() ?? null,
      downloads: reportDownloads(row.period),
    })),
  };
}

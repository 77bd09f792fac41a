import type { MonthlyReport } from "../../shared/reports.schema.js";
import { appendAudit } from "../audit/audit.service.js";
import type { Ctx } from "../context.js";
import { transact } from "../db/transact.js";
import { insertOutbox, newMessageId } from "../mail/outbox.js";
import type { TemplateBody } from "../mail/templates.js";
import { nextOpening } from "../sla/sla.calendar.js";
import { claimDistribution, findReport, type ReportRow } from "./reports.archive.queries.js";
import { escapeHtml } from "./reports.charts.js";
import { monthLabel, monthOf, monthPeriod, shiftMonth } from "./reports.period.js";
import { getMonthlyReport } from "./reports.service.js";
import { formatNumber, KPIS } from "./reports.summary.js";

/**
 * The management email. The outbox carries text and HTML but no attachments, so it links to the PDF
 * (signing in first) instead of attaching it; the archive keeps the report for as long as it is needed.
 */
export function reportEmail(report: MonthlyReport, publicUrl: string, orgName: string): TemplateBody {
  const month = monthLabel(report.month);
  const previous = monthLabel(report.previous.month);
  const link = (format: string) =>
    `${publicUrl}/api/v1/reports/monthly?month=${report.month}&format=${format}`;
  const figures = KPIS.map((kpi) => {
    const now = formatNumber(kpi.pick(report), kpi.unit);
    return [kpi.label, `${now} (${previous}: ${formatNumber(kpi.pick(report.previous), kpi.unit)})`] as const;
  });
  const text = [
    `The complaints report for ${month} is ready.`,
    "",
    ...figures.map(([name, value]) => `${name}: ${value}`),
    "",
    `The full report (PDF, sign in to Redress first): ${link("pdf")}`,
    `As a spreadsheet: ${link("xlsx")}  As CSV: ${link("csv")}`,
    `All archived reports: ${publicUrl}/api/v1/reports`,
    "",
    `${orgName}, sent by Redress on the first business day of the month.`,
  ].join("\n");
  const rows = figures.map(
    ([name, value]) => `<tr><td>${escapeHtml(name)}</td><td>${escapeHtml(value)}</td></tr>`,
  );
  const html = `<p>The complaints report for <b>${month}</b> is ready.</p>
<table cellpadding="4">${rows.join("")}</table>
<p><a href="${escapeHtml(link("pdf"))}">Open the full report (PDF)</a> (sign in to Redress first);
also as <a href="${escapeHtml(link("xlsx"))}">a spreadsheet</a> or <a href="${escapeHtml(link("csv"))}">CSV</a>.</p>
<p>${escapeHtml(orgName)}, sent by Redress on the first business day of the month.</p>`;
  return { subject: `${orgName}: complaints report for ${month}`, text, html };
}

/** Queues the report to every recipient, once: the claim on `distributed_at` lets one caller through. */
async function distributeReport(ctx: Ctx, row: ReportRow, report: MonthlyReport): Promise<number> {
  const recipients = ctx.config.reportRecipients;
  const now = ctx.clock.now();
  return transact(ctx, async (tx) => {
    if (!(await claimDistribution(tx, row.id, now))) return 0;
    const rendered = reportEmail(report, ctx.config.publicUrl, ctx.config.orgName);
    for (const to of recipients) {
      await insertOutbox(tx, now, {
        caseId: null,
        correspondenceId: null,
        to,
        rendered,
        messageId: newMessageId(ctx),
        onSent: null,
      });
    }
    await appendAudit(tx, ctx.actor, now, {
      stream: `report:${row.period}`,
      action: "report.distributed",
      changes: { reportId: { new: row.id }, recipients: { new: recipients.length } },
    });
    return recipients.length;
  });
}

/**
 * R12 / S0 §4.4: from the opening of the first business day of a month (organisation calendar), the
 * previous month's report is generated, archived and emailed to REDRESS_REPORT_RECIPIENTS. Runs on a
 * timer in every instance; the archive's unique key and the distribution claim make it happen once.
 * Late starts catch up (a server down on the first business day sends when it comes back).
 */
export async function runMonthlyReportJob(
  ctx: Ctx,
): Promise<{ period: string; generated: boolean; emailed: number } | null> {
  const now = ctx.clock.now();
  const { calendar } = await ctx.settings.current(ctx.db, now.getTime());
  const zone = calendar.body.timezone;
  const thisMonth = monthPeriod(monthOf(now, zone), zone);
  if (now < nextOpening(calendar.body, thisMonth.start)) return null;
  const period = shiftMonth(thisMonth.month, -1);
  const existing = await findReport(ctx.db, period);
  const recipients = ctx.config.reportRecipients;
  if (existing && (existing.distributedAt || recipients.length === 0)) return null;
  const { report, row } = existing
    ? { report: existing.figures as MonthlyReport, row: existing }
    : await getMonthlyReport(ctx, period);
  if (recipients.length === 0 || !row) {
    ctx.log.info({ period }, "monthly report archived; REDRESS_REPORT_RECIPIENTS is empty, so not emailed");
    return { period, generated: !existing, emailed: 0 };
  }
  return { period, generated: !existing, emailed: await distributeReport(ctx, row, report) };
}

import { runNightlyAuditVerification } from "../audit/audit.alerts.js";
import { sealAuditHeads } from "../audit/audit.sealer.js";
import { deleteExpiredSessions } from "../auth/sessions.queries.js";
import { runScheduledBackup } from "../backup/backup.job.js";
import { type Ctx, systemActor } from "../context.js";
import type { Database } from "../db/client.js";
import { deleteExpiredIdempotencyKeys } from "../db/transact.js";
import { runDeadlineAlerts, runEscalationSweep } from "../escalation/escalation.sweep.js";
import { sendSurveyReminders } from "../feedback/feedback.service.js";
import { imapPollJob } from "../inbound/imap.poller.js";
import type { Mailer } from "../mail/mailer.js";
import { deliverOutbox } from "../mail/outbox.worker.js";
import { mailStaffNotices } from "../notifications/notifications.mail.js";
import { remindProcedureReviews } from "../quality/procedures.service.js";
import { drawDueSample } from "../quality/sampling.service.js";
import { runAutoArchive } from "../records/archive.service.js";
import { listCasesPastRetention } from "../records/disposal.service.js";
import { runMonthlyReportJob } from "../reports/reports.schedule.js";
import type { Job } from "./scheduler.js";

/** Every scheduled job of the app, in one list, so an operator can see what runs and how often. */
export function appJobs(deps: Omit<Ctx, "actor">, mailer: Mailer | undefined, database?: Database): Job[] {
  const { db, clock, config } = deps;
  const ctx: Ctx = { ...deps, actor: systemActor("scheduler") };
  // Without REDRESS_SMTP_URL mail waits in the outbox (admins see it): never dropped.
  const mail: Job[] = mailer
    ? [
        {
          name: "outbox",
          everyMs: 5_000,
          run: () => deliverOutbox({ ...ctx, actor: systemActor("outbox") }, mailer),
        },
      ]
    : [];
  // With REDRESS_IMAP_URL the mailbox is read on a timer; the HTTP endpoint works either way.
  const inbound: Job[] = config.imapUrl ? [imapPollJob(ctx, config.imapUrl, config.imapPollSeconds)] : [];
  const sweepMs = config.sweepSeconds * 1000;
  // R11: with REDRESS_BACKUP_DIR, the day's backup (once across instances) and rotation.
  const backupDir = config.backupDir;
  const backups: Job[] =
    backupDir && database
      ? [{ name: "backup", everyMs: 15 * 60_000, run: () => runScheduledBackup(ctx, database, backupDir) }]
      : [];
  return [
    ...mail,
    ...inbound,
    { name: "escalation-sweep", everyMs: sweepMs, run: () => runEscalationSweep(ctx) },
    { name: "deadline-alerts", everyMs: sweepMs, run: () => runDeadlineAlerts(ctx) },
    // Queued whether or not SMTP is configured: the outbox keeps them until it is.
    { name: "staff-notice-mail", everyMs: 30_000, run: () => mailStaffNotices(ctx) },
    { name: "survey-reminders", everyMs: 15 * 60_000, run: () => sendSurveyReminders(ctx) },
    // Hourly: the first run after a month ends draws its sample; the rest find it drawn.
    { name: "quality-sample", everyMs: 3_600_000, run: () => drawDueSample(ctx) },
    { name: "procedure-reviews", everyMs: 3_600_000, run: () => remindProcedureReviews(ctx) },
    // R12: from the first business day's opening, last month's report is archived and emailed, once.
    { name: "monthly-report", everyMs: 15 * 60_000, run: () => runMonthlyReportJob(ctx) },
    { name: "audit-seal", everyMs: 5_000, run: () => sealAuditHeads(db, clock.now()) },
    // R10: closed cases become read-only records after the policy's days; those past retention are queued.
    { name: "auto-archive", everyMs: 15 * 60_000, run: () => runAutoArchive(ctx) },
    { name: "disposal-listing", everyMs: 3_600_000, run: () => listCasesPastRetention(ctx) },
    // R2: the whole trail re-verified each night; a break alerts the admins.
    { name: "audit-verify", everyMs: 15 * 60_000, run: () => runNightlyAuditVerification(ctx) },
    ...backups,
    { name: "expired-sessions", everyMs: 3_600_000, run: () => deleteExpiredSessions(db, clock.now()) },
    {
      name: "expired-idempotency-keys",
      everyMs: 3_600_000,
      run: () => deleteExpiredIdempotencyKeys(db, clock.now()),
    },
  ];
}

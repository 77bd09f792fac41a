import { readFileSync } from "node:fs";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { type Ctx, systemActor } from "../../src/server/context.js";
import { type Db, openDatabase, queryRows } from "../../src/server/db/client.js";
import { runEscalationSweep } from "../../src/server/escalation/escalation.sweep.js";
import { sendSurveyReminders } from "../../src/server/feedback/feedback.service.js";
import { smtpMailer } from "../../src/server/mail/mailer.js";
import { deliverOutbox } from "../../src/server/mail/outbox.worker.js";
import { mailStaffNotices } from "../../src/server/notifications/notifications.mail.js";
import { migrationsFolder } from "../../src/server/paths.js";
import { drawDueSample } from "../../src/server/quality/sampling.service.js";
import { runMonthlyReportJob } from "../../src/server/reports/reports.schedule.js";
import { SettingsStore } from "../../src/server/settings/settings.service.js";
import { caseInput, makeCase } from "../factories.js";
import { createTestApp } from "../harness.js";
import { makeCrew } from "../lifecycle.js";
import { closeCase } from "../records.js";
import { startSmtp } from "../smtp.js";
import { call, freshDatabase, signInAdmin, startRedress } from "./server-process.js";

const testUrl = process.env.TEST_DATABASE_URL;

const count = async (db: Db, query: ReturnType<typeof sql>) =>
  (await queryRows<{ n: number }>(db, query))[0]!.n;

/** Two Redress instances behind one load balancer, on one PostgreSQL (DESIGN.md "Scale"). */
describe.runIf(testUrl)("two instances on one PostgreSQL", () => {
  it("start together (migrating once), share sessions, and keep references unique under a round-robin client", async () => {
    const db = await freshDatabase(testUrl!, "twins");
    const env = { DATABASE_URL: db.url };
    const [a, b] = await Promise.all([startRedress(env), startRedress(env)]);
    try {
      const database = await openDatabase({ databaseUrl: db.url, dataDir: "" });
      const journal = JSON.parse(readFileSync(join(migrationsFolder(), "meta/_journal.json"), "utf8"));
      expect(await count(database.db, sql`SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations`)).toBe(
        journal.entries.length,
      );
      expect(await count(database.db, sql`SELECT count(*)::int AS n FROM users`)).toBe(1);
      await database.close();

      // A session made on one instance works on the other: sessions live in the database, not in memory.
      const cookie = await signInAdmin(a.base);
      const bases = [a.base, b.base];
      const answers = await Promise.all(
        Array.from({ length: 8 }, async (_, client) => {
          const refs: string[] = [];
          for (let i = 0; i < 6; i++) {
            const base = bases[(client + i) % 2]!;
            const res = await call(base, cookie, "POST", "/api/v1/cases", caseInput());
            expect(res.status).toBe(201);
            refs.push(String(res.body!.reference));
          }
          return refs;
        }),
      );
      const numbers = answers
        .flat()
        .map((r) => Number(r.slice(-6)))
        .sort((x, y) => x - y);
      expect(numbers).toEqual(Array.from({ length: 48 }, (_, i) => i + 1));
      // Signing out on one ends the session on both.
      expect((await call(b.base, cookie, "DELETE", "/api/v1/session")).status).toBe(204);
      expect((await call(a.base, cookie, "GET", "/api/v1/session")).status).toBe(401);
    } finally {
      for (const p of [a, b]) p.child.kill("SIGTERM");
      expect(await Promise.all([a.exited, b.exited])).toEqual([0, 0]);
      await db.drop();
    }
  }, 120_000);

  it("runs every scheduled job exactly once when both instances run it at the same moment", async () => {
    const t = await createTestApp({
      env: { REDRESS_REPORT_RECIPIENTS: "board@example.com,chair@example.com" },
    });
    const other = await openDatabase({ databaseUrl: t.url!, dataDir: "" });
    const smtp = await startSmtp();
    const mailer = smtpMailer(smtp.url);
    const first: Ctx = t.ctx(systemActor("scheduler"));
    const twin: Ctx = { ...first, db: other.db, settings: new SettingsStore() };
    const both = <T>(job: (ctx: Ctx) => Promise<T>) => Promise.all([job(first), job(twin)]);
    const outboxRows = () => count(t.db, sql`SELECT count(*)::int AS n FROM outbox`);
    try {
      const crew = await makeCrew(t);
      const open = 14;
      const closed = 6;
      for (let i = 0; i < open; i++) await makeCase(t, crew.agent);
      for (let i = 0; i < closed; i++) await closeCase(t, crew, (await makeCase(t, crew.agent)).reference);

      // Escalation sweep: two business days on, every open case reaches L2 once.
      t.clock.set("2026-03-04T10:00:00Z");
      const swept = await both((ctx) => runEscalationSweep(ctx, 3));
      expect(swept[0].escalated + swept[1].escalated).toBe(open);
      expect(
        await count(t.db, sql`SELECT count(*)::int AS n FROM audit_events WHERE action = 'case.escalated'`),
      ).toBe(open);

      // Staff notice mail: each notice emailed once, by one of the two.
      const beforeNotices = await outboxRows();
      const mailed = await both((ctx) => mailStaffNotices(ctx));
      expect(
        await count(t.db, sql`SELECT count(*)::int AS n FROM notifications WHERE emailed_at IS NULL`),
      ).toBe(0);
      expect((await outboxRows()) - beforeNotices).toBe(mailed[0] + mailed[1]);
      expect(mailed[0] + mailed[1]).toBeGreaterThan(0);

      // Survey reminders, seven days after closing: one per invitation.
      t.clock.set("2026-03-09T10:30:00Z");
      const beforeReminders = await outboxRows();
      // Small batches, run until both find nothing, as two schedulers would over a few ticks.
      let reminded = 0;
      for (let tick = 0; tick < 10; tick++) {
        const [x, y] = await both((ctx) => sendSurveyReminders(ctx, 2));
        reminded += x + y;
        if (x + y === 0) break;
      }
      expect(reminded).toBe(closed);
      expect((await outboxRows()) - beforeReminders).toBe(closed);

      // Monthly report on the first business day: archived once, emailed once to each recipient.
      t.clock.set("2026-04-01T09:05:00Z");
      const beforeReport = await outboxRows();
      const reports = await both(runMonthlyReportJob);
      expect(reports.map((r) => r?.emailed ?? 0).sort()).toEqual([0, 2]);
      expect(await count(t.db, sql`SELECT count(*)::int AS n FROM reports WHERE period = '2026-03'`)).toBe(1);
      expect((await outboxRows()) - beforeReport).toBe(2);

      // Quality sample of March's closed cases: drawn once.
      expect((await both(drawDueSample)).sort()).toEqual([false, true]);
      expect(await count(t.db, sql`SELECT count(*)::int AS n FROM quality_samples`)).toBe(1);

      // The outbox: every queued email sent once, whichever instance leased it.
      const queued = await count(t.db, sql`SELECT count(*)::int AS n FROM outbox WHERE status = 'pending'`);
      const delivered = await Promise.all([
        deliverOutbox(first, mailer, 7),
        deliverOutbox(twin, mailer, 7),
        deliverOutbox(first, mailer, 500),
        deliverOutbox(twin, mailer, 500),
      ]);
      expect(delivered.reduce((sum, r) => sum + r.sent, 0)).toBe(queued);
      const ids = smtp.received.map((m) => m.header("Message-ID"));
      expect(ids).toHaveLength(queued);
      expect(new Set(ids).size).toBe(queued);
    } finally {
      mailer.close();
      await smtp.close();
      await other.close();
      await t.close();
    }
  }, 180_000);
});

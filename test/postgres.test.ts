import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { buildApp } from "../src/server/app.js";
import { prepareDatabase } from "../src/server/bootstrap.js";
import { ManualClock } from "../src/server/clock.js";
import { loadConfig } from "../src/server/config.js";
import { systemActor } from "../src/server/context.js";
import { openDatabase, queryRows } from "../src/server/db/client.js";
import { runEscalationSweep } from "../src/server/escalation/escalation.sweep.js";
import { smtpMailer } from "../src/server/mail/mailer.js";
import { deliverOutbox } from "../src/server/mail/outbox.worker.js";
import { migrationsFolder } from "../src/server/paths.js";
import { SettingsStore } from "../src/server/settings/settings.service.js";
import { baseDatabaseName, pgServerUrl, withAdminClient } from "./db.js";
import { caseInput } from "./factories.js";
import { createTestApp } from "./harness.js";
import { startSmtp } from "./smtp.js";

const url = process.env.TEST_DATABASE_URL;

/** Several instances on one PostgreSQL: what only a real server can show. */
describe.runIf(url)("several instances on one PostgreSQL", () => {
  it("migrates exactly once when two instances start together, and creates one first admin", async () => {
    const name = `${baseDatabaseName(url!)}_mig_${randomBytes(4).toString("hex")}`;
    await withAdminClient(url!, (c) => c.query(`CREATE DATABASE "${name}"`));
    const config = loadConfig({
      REDRESS_ADMIN_EMAIL: "root@example.com",
      REDRESS_ADMIN_PASSWORD: "a long enough pass",
    });
    const clock = new ManualClock("2026-03-02T10:00:00Z");
    const log = pino({ level: "silent" });
    const [a, b] = await Promise.all(
      [1, 2].map(() => openDatabase({ databaseUrl: pgServerUrl(url!, name), dataDir: "" })),
    );
    try {
      const results = await Promise.all(
        [a!, b!].map((db) => prepareDatabase(db, config, clock, log, { generateAdmin: true })),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      const [counts] = await queryRows<{ migrations: number; users: number; settings: number }>(
        a!.db,
        sql`SELECT (SELECT count(*) FROM drizzle.__drizzle_migrations)::int AS migrations,
                   (SELECT count(*) FROM users)::int AS users, (SELECT count(*) FROM settings_versions)::int AS settings`,
      );
      const journal = JSON.parse(readFileSync(join(migrationsFolder(), "meta/_journal.json"), "utf8"));
      expect(counts).toEqual({ migrations: journal.entries.length, users: 1, settings: 2 });
    } finally {
      await Promise.all([a!.close(), b!.close()]);
      await withAdminClient(url!, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    }
  });

  it("keeps references unique and gapless across two app instances creating at once", async () => {
    const t = await createTestApp();
    const other = await openDatabase({ databaseUrl: t.url!, dataDir: "" });
    const second = await buildApp({ ...t.app.deps, database: other, db: other.db });
    try {
      const agent = await t.user(["agent"]);
      const apps = [t.app, second];
      const results = await Promise.all(
        Array.from({ length: 60 }, (_, i) =>
          apps[i % 2]!.inject({
            method: "POST",
            url: "/api/v1/cases",
            headers: agent.headers,
            payload: caseInput(),
          }),
        ),
      );
      expect(results.every((r) => r.statusCode === 201)).toBe(true);
      const numbers = results.map((r) => Number(r.json().reference.slice(-6))).sort((x, y) => x - y);
      expect(numbers).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    } finally {
      await second.close();
      await other.close();
      await t.close();
    }
  });

  it("escalates each due case exactly once when two instances sweep at the same time", async () => {
    const t = await createTestApp();
    const other = await openDatabase({ databaseUrl: t.url!, dataDir: "" });
    try {
      const agent = await t.user(["agent"]);
      await t.user(["manager"]);
      for (let i = 0; i < 300; i++) {
        const res = await t.request({
          method: "POST",
          url: "/api/v1/cases",
          as: agent,
          payload: caseInput(),
        });
        expect(res.statusCode).toBe(201);
      }
      t.clock.set("2026-03-04T10:00:00Z"); // two business days later: all 300 are due for L2
      const first = t.ctx(systemActor("scheduler"));
      const second = { ...first, db: other.db, settings: new SettingsStore() };
      const [a, b] = await Promise.all([runEscalationSweep(first, 10), runEscalationSweep(second, 10)]);
      expect(a.escalated + b.escalated).toBe(300);
      const [counts] = await queryRows<{ events: number; cases: number; notices: number }>(
        t.db,
        sql`SELECT (SELECT count(*) FROM audit_events WHERE action = 'case.escalated')::int AS events,
                   (SELECT count(DISTINCT case_id) FROM audit_events WHERE action = 'case.escalated')::int AS cases,
                   (SELECT count(*) FROM notifications WHERE kind = 'case.escalated')::int AS notices`,
      );
      expect(counts).toEqual({ events: 300, cases: 300, notices: 300 });
    } finally {
      await other.close();
      await t.close();
    }
  });

  it("sends each queued email exactly once when two instances deliver at the same time", async () => {
    const t = await createTestApp();
    const other = await openDatabase({ databaseUrl: t.url!, dataDir: "" });
    const smtp = await startSmtp();
    const mailer = smtpMailer(smtp.url);
    try {
      const agent = await t.user(["agent"]);
      for (let i = 0; i < 40; i++) {
        expect(
          (await t.request({ method: "POST", url: "/api/v1/cases", as: agent, payload: caseInput() }))
            .statusCode,
        ).toBe(201);
      }
      const first = t.ctx(systemActor("outbox"));
      const second = { ...first, db: other.db, settings: new SettingsStore() };
      const results = await Promise.all([
        deliverOutbox(first, mailer, 5),
        deliverOutbox(second, mailer, 5),
        deliverOutbox(first, mailer, 50),
        deliverOutbox(second, mailer, 50),
      ]);
      expect(results.reduce((sum, r) => sum + r.sent, 0)).toBe(40);
      const ids = smtp.received.map((m) => m.header("Message-ID"));
      expect(new Set(ids).size).toBe(40);
      expect(ids).toHaveLength(40);
    } finally {
      mailer.close();
      await smtp.close();
      await other.close();
      await t.close();
    }
  });
});

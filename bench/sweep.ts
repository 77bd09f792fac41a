// `npm run bench:sweep`: the escalation sweep over N open cases of which a share is due (issue target:
// 100 k open cases, 10 % due, in under 10 s). Seeds with SQL, then times runEscalationSweep end to end.
import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import pino from "pino";
import { prepareDatabase } from "../src/server/bootstrap.js";
import { ManualClock } from "../src/server/clock.js";
import { loadConfig } from "../src/server/config.js";
import { systemActor } from "../src/server/context.js";
import { type Database, openDatabase, openPglite, queryRows } from "../src/server/db/client.js";
import { runEscalationSweep } from "../src/server/escalation/escalation.sweep.js";
import { SettingsStore } from "../src/server/settings/settings.service.js";

const { values } = parseArgs({
  options: {
    cases: { type: "string", default: "100000" },
    due: { type: "string", default: "0.1" },
    db: { type: "string", default: "postgres" },
    "pg-url": { type: "string", default: "postgres://postgres@127.0.0.1:5432/postgres" },
  },
});
const total = Number(values.cases);
const dueShare = Number(values.due);
const now = new Date("2026-03-20T12:00:00Z"); // a Friday: cases received Mon 16th 09:00 are 4.4 business days old

async function open(): Promise<{ database: Database; cleanup: () => Promise<void> }> {
  if (values.db === "pglite") {
    const dir = await mkdtemp(join(tmpdir(), "redress-sweep-"));
    return { database: await openPglite(dir), cleanup: () => rm(dir, { recursive: true, force: true }) };
  }
  const name = `redress_sweep_${randomBytes(3).toString("hex")}`;
  const admin = await openDatabase({ databaseUrl: values["pg-url"], dataDir: "", poolSize: 1 });
  await admin.db.execute(sql.raw(`CREATE DATABASE "${name}"`));
  const url = new URL(values["pg-url"]!);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString(), dataDir: "", poolSize: 4 });
  return {
    database,
    cleanup: async () => {
      await admin.db.execute(sql.raw(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
      await admin.close();
    },
  };
}

/** N open cases at level 1: `dueShare` received Monday 09:00 (past both thresholds), the rest today. */
async function seed(database: Database): Promise<void> {
  const due = Math.round(total * dueShare);
  await database.db.execute(sql`
    INSERT INTO users (id, email, name, password_hash, roles, created_at, updated_at)
    VALUES (gen_random_uuid(), 'manager@example.com', 'Manager', 'x', '{manager}', ${now}, ${now}),
           (gen_random_uuid(), 'senior@example.com', 'Senior', 'x', '{senior}', ${now}, ${now})`);
  await database.db.execute(sql`
    INSERT INTO cases (id, reference, type, status, level, channel, summary, description, received_at, logged_at,
      version, policy_version, calendar_version, acknowledge_due_at, assign_due_at, resolve_due_at, updated_at,
      next_escalation_at)
    SELECT gen_random_uuid(), 'CMP-2026-' || lpad(g::text, 7, '0'), 'complaint', 'acknowledged', 1, 'phone',
      'Seeded case ' || g, 'Seeded for the sweep benchmark', r.received, r.received, 1, 1, 1,
      r.received + interval '1 day', r.received + interval '8 hours', r.received + interval '5 days', r.received,
      CASE WHEN g <= ${due} THEN timestamptz '2026-03-18 09:00Z' ELSE timestamptz '2026-03-24 12:00Z' END
    FROM generate_series(1, ${total}) g
    CROSS JOIN LATERAL (SELECT CASE WHEN g <= ${due} THEN timestamptz '2026-03-16 09:00Z'
                                    ELSE timestamptz '2026-03-20 11:00Z' END AS received) r`);
  await database.db.execute(sql`ANALYZE cases`);
}

async function main() {
  const { database, cleanup } = await open();
  try {
    const config = loadConfig({ REDRESS_TIMEZONE: "UTC" });
    const clock = new ManualClock(now);
    const log = pino({ level: "silent" });
    await prepareDatabase(database, config, clock, log, { generateAdmin: false });
    const seedStart = performance.now();
    await seed(database);
    const seedSeconds = (performance.now() - seedStart) / 1000;
    const ctx = {
      db: database.db,
      actor: systemActor("bench"),
      clock,
      log,
      config,
      settings: new SettingsStore(),
    };
    const start = performance.now();
    const { escalated } = await runEscalationSweep(ctx);
    const seconds = (performance.now() - start) / 1000;
    const [check] = await queryRows<{ l3: number; events: number }>(
      database.db,
      sql`SELECT (SELECT count(*) FROM cases WHERE level = 3)::int AS l3,
                 (SELECT count(*) FROM audit_events WHERE action = 'case.escalated')::int AS events`,
    );
    const result = {
      db: values.db,
      cases: total,
      due: Math.round(total * dueShare),
      escalated,
      seconds: Number(seconds.toFixed(2)),
      perSecond: Math.round(escalated / seconds),
      seedSeconds: Number(seedSeconds.toFixed(1)),
      check,
    };
    console.log(JSON.stringify(result));
    await mkdir("bench/results", { recursive: true });
    await writeFile(
      `bench/results/sweep-${values.db}-${new Date().toISOString().replace(/[:.]/g, "-")}.json`,
      `${JSON.stringify(result, null, 2)}\n`,
    );
  } finally {
    await database.close();
    await cleanup();
  }
}

await main();

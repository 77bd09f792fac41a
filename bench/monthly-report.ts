// `npm run bench:report`: the monthly report (R12) on PostgreSQL at N cases. Issue 7 item 9 asks, at 1 M
// cases, for the JSON in under 500 ms and the PDF in under 5 s. Seeds in SQL (bench/monthly-report.seed.ts),
// then times GET /api/v1/reports/monthly through the app (Fastify inject: routing, access, the response
// schema check) without and with the proposed indexes. Results go to bench/results/monthly-report-*.json.
import { randomBytes } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import pino from "pino";
import { buildApp } from "../src/server/app.js";
import { createToken } from "../src/server/auth/tokens.service.js";
import { prepareDatabase } from "../src/server/bootstrap.js";
import { ManualClock } from "../src/server/clock.js";
import { loadConfig } from "../src/server/config.js";
import { type Ctx, systemActor } from "../src/server/context.js";
import { openDatabase } from "../src/server/db/client.js";
import { shiftMonth } from "../src/server/reports/reports.period.js";
import { SettingsStore } from "../src/server/settings/settings.service.js";
import { createUser } from "../src/server/users/users.service.js";
import { describeMachine, describeSource } from "./machine.js";
import { SEED_STATEMENTS, seedParameters } from "./monthly-report.seed.js";
import { SECONDARY_INDEXES } from "./seed.sql.js";
import { connectPostgres, databaseUrl, type SqlConnection, withAdmin } from "./sql.js";

const { values } = parseArgs({
  options: {
    cases: { type: "string", default: "1000000" },
    runs: { type: "string", default: "5" },
    "pg-url": { type: "string", default: "postgres://postgres@127.0.0.1:5432/postgres" },
    /** Measure an existing database (seeded by an earlier --keep run) instead of seeding a new one. */
    reuse: { type: "string" },
    keep: { type: "boolean", default: false },
  },
});
const cases = Number(values.cases);
const runs = Number(values.runs);
/** Monday 2 November 2026, 10:00 in London: October (BST then GMT) is the month just closed. */
const now = new Date("2026-11-02T10:00:00Z");
const MONTH = "2026-10";

/**
 * The indexes the report's queries are written for (src/server/reports/*.queries.ts): the cases whose
 * life overlaps a month, read from the index alone (every column the report needs is INCLUDEd), and the
 * escalation events of a month.
 */
export const PROPOSED_INDEXES = {
  cases_life_idx: `CREATE INDEX cases_life_idx ON cases USING gist
     (tstzrange(received_at, CASE WHEN closed_at < received_at THEN received_at ELSE closed_at END, '[]'))
     INCLUDE (id, type, channel, category, severity, level, customer_id, outcome, remedy_amount_minor,
              remedy_currency, acknowledge_outcome, assign_outcome, resolve_outcome, paused_minutes,
              received_at, closed_at, acknowledged_at, assigned_at, resolved_at)`,
  audit_events_escalation_idx: `CREATE INDEX audit_events_escalation_idx ON audit_events (at)
     WHERE (action IN ('case.escalated', 'case.escalate', 'case.assessed') AND changes ? 'level')
        OR (action = 'case.created' AND changes ? 'levelCause')`,
};
/** Indexes tried on the way (dropped before measuring "existing"). */
const EARLIER_INDEXES = ["cases_life_cover_idx"];

const log = (line: string) => console.error(`[bench:report] ${line}`);
const since = (start: number) => Math.round(performance.now() - start);

async function seed(sql: SqlConnection): Promise<Record<string, number>> {
  const took: Record<string, number> = {};
  await sql.query("SET maintenance_work_mem = '512MB'");
  const indexes = await sql.query<{ name: string; definition: string }>(SECONDARY_INDEXES);
  for (const index of indexes) await sql.query(`DROP INDEX ${index.name}`);
  // The audit chain trigger hashes row by row; seeded events need no chain (this database is never verified).
  await sql.query("ALTER TABLE audit_events DISABLE TRIGGER USER");
  for (const [name, statement] of SEED_STATEMENTS) {
    const start = performance.now();
    await sql.query(statement, seedParameters(name, now, cases));
    took[name] = since(start);
    log(`seeded ${name} in ${(took[name] / 1000).toFixed(1)} s`);
  }
  await sql.query("ALTER TABLE audit_events ENABLE TRIGGER USER");
  const start = performance.now();
  for (const index of indexes) await sql.query(index.definition);
  await sql.query("VACUUM ANALYZE");
  took["indexes and VACUUM ANALYZE"] = since(start);
  return took;
}

interface Timing {
  scenario: string;
  indexes: "existing" | "existing + proposed";
  ms: number[];
  medianMs: number;
  maxMs: number;
}

async function main() {
  const name = values.reuse ?? `redress_report_${randomBytes(3).toString("hex")}`;
  const serverUrl = values["pg-url"]!;
  if (!values.reuse) await withAdmin(serverUrl, (sql) => sql.query(`CREATE DATABASE "${name}"`));
  const url = databaseUrl(serverUrl, name);
  const config = loadConfig({
    REDRESS_TIMEZONE: "Europe/London",
    DATABASE_URL: url,
    REDRESS_ORG_NAME: "Bench Bank",
  });
  const clock = new ManualClock(now);
  const logger = pino({ level: "silent" });
  const database = await openDatabase({ databaseUrl: url, dataDir: "", poolSize: 10 });
  const sql = await connectPostgres(url);
  const result: Record<string, unknown> = {
    benchmark: "monthly-report",
    command: `npm run bench:report -- ${process.argv.slice(2).join(" ")}`.trim(),
    source: describeSource(),
    machine: describeMachine(),
    database: name,
    cases,
    startedAt: new Date().toISOString(),
    loadAverageAtStart: loadavg()[0],
  };
  try {
    await prepareDatabase(database, config, clock, logger, { generateAdmin: false });
    if (!values.reuse) result.seedMs = await seed(sql);
    const settings = new SettingsStore();
    const app = await buildApp({ database, db: database.db, clock, config, settings });
    await app.ready();
    const ctx: Ctx = { db: database.db, actor: systemActor("bench"), clock, log: logger, config, settings };
    const email = `bench-${randomBytes(3).toString("hex")}@example.com`;
    const user = await createUser(ctx, {
      email,
      name: "Bench",
      password: "correct horse battery",
      roles: ["quality"],
    });
    const { token } = await createToken(
      { ...ctx, actor: { kind: "user", userId: user.id, roles: ["quality"], source: "bench" } },
      { name: "bench" },
    );
    const get = async (month: string, format = "json") => {
      const start = performance.now();
      const res = await app.inject({
        method: "GET",
        url: `/api/v1/reports/monthly?month=${month}&format=${format}`,
        headers: { authorization: `Bearer ${token}` },
      });
      if (res.statusCode !== 200)
        throw new Error(`${month} ${format}: ${res.statusCode} ${res.body.slice(0, 300)}`);
      return { ms: performance.now() - start, body: res };
    };
    const forget = (month: string) => sql.query("DELETE FROM reports WHERE period = $1", [month]);
    const timings: Timing[] = [];
    const measure = async (scenario: string, indexes: Timing["indexes"], once: () => Promise<number>) => {
      const ms: number[] = [];
      for (let i = 0; i < runs; i++) ms.push(Math.round(await once()));
      const sorted = [...ms].sort((a, b) => a - b);
      const timing = {
        scenario,
        indexes,
        ms,
        medianMs: sorted[Math.floor(sorted.length / 2)]!,
        maxMs: sorted.at(-1)!,
      };
      timings.push(timing);
      log(`${indexes}: ${scenario}: median ${timing.medianMs} ms, max ${timing.maxMs} ms (${ms.join(", ")})`);
    };
    const comparisons = [shiftMonth(MONTH, -1), shiftMonth(MONTH, -12), ...["2026-07", "2026-08"]];
    for (const indexes of ["existing", "existing + proposed"] as const) {
      if (indexes === "existing") {
        for (const index of [...Object.keys(PROPOSED_INDEXES), ...EARLIER_INDEXES])
          await sql.query(`DROP INDEX IF EXISTS ${index}`);
      } else {
        const start = performance.now();
        for (const statement of Object.values(PROPOSED_INDEXES)) await sql.query(statement);
        await sql.query("VACUUM ANALYZE cases");
        await sql.query("ANALYZE audit_events");
        result.proposedIndexMs = since(start);
        result.proposedIndexSizes = await sql.query(
          `SELECT relname AS index, pg_size_pretty(pg_relation_size(oid)) AS size FROM pg_class
           WHERE relname IN ('cases', 'audit_events', ${Object.keys(PROPOSED_INDEXES)
             .map((n) => `'${n}'`)
             .join(", ")})`,
        );
      }
      await sql.query("DELETE FROM reports");
      await get(MONTH); // warm the caches (and the timeline) once
      await measure(
        "JSON, nothing archived (month, previous, year ago, half-year all computed)",
        indexes,
        async () => {
          await sql.query("DELETE FROM reports");
          return (await get(MONTH)).ms;
        },
      );
      for (const month of comparisons) await get(month);
      await measure(
        "JSON, comparisons archived (the month computed): the scheduled run",
        indexes,
        async () => {
          await forget(MONTH);
          return (await get(MONTH)).ms;
        },
      );
      await get(MONTH);
      await measure("JSON, from the archive", indexes, async () => (await get(MONTH)).ms);
      await measure("JSON, current month to date (live)", indexes, async () => (await get("2026-11")).ms);
      await measure("PDF, from the archive", indexes, async () => (await get(MONTH, "pdf")).ms);
      await measure("XLSX, from the archive", indexes, async () => (await get(MONTH, "xlsx")).ms);
    }
    const sample = await get(MONTH);
    const report = sample.body.json();
    result.sample = {
      received: report.received.total,
      closed: report.closed.total,
      backlog: report.backlog.total,
    };
    result.timings = timings;
    result.finishedAt = new Date().toISOString();
    result.loadAverageAtEnd = loadavg()[0];
    await app.close();
  } finally {
    await sql.close();
    await database.close();
    if (!values.keep && !values.reuse) {
      await withAdmin(serverUrl, (admin) => admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    }
  }
  await mkdir("bench/results", { recursive: true });
  const file = `bench/results/monthly-report-${new Date().toISOString().replace(/[:.]/g, "-")}.json`;
  await writeFile(file, `${JSON.stringify(result, null, 2)}\n`);
  console.log(JSON.stringify({ file, timings: result.timings }, null, 2));
}

await main();

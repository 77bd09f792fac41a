import { performance } from "node:perf_hooks";
import { log } from "./load.js";
import type { DbKind } from "./options.js";
import {
  HELPERS,
  INSERT_CASES,
  INSERT_CUSTOMERS,
  INSERT_STAFF,
  SECONDARY_INDEXES,
  SETTINGS_VERSIONS,
} from "./seed.sql.js";
import type { SqlConnection } from "./sql.js";
import type { SeedResults } from "./types.js";
import {
  CATEGORIES,
  CHANNEL_MIX,
  EMAIL_DOMAINS,
  FIRST_NAMES,
  LAST_NAMES,
  PRODUCTS,
  REMEDIES,
  SEVERITY_MIX,
  SUMMARY_PHRASES,
  WORDS,
  weighted,
} from "./vocabulary.js";

const STAFF = 40;
/** Rows per statement: PGlite (WASM, one connection) is kept to modest statements. */
const BATCH = { pglite: 50_000, postgres: 100_000 } satisfies Record<DbKind, number>;

/** Status by age: what a working team's case load looks like (recent open, old closed, a few stuck). */
const STATUS_BY_AGE = [
  weighted({ new: 45, acknowledged: 40, assigned: 15 }),
  weighted({ acknowledged: 10, assigned: 25, investigating: 40, awaiting_customer: 10, resolved: 15 }),
  weighted({ investigating: 15, awaiting_customer: 5, resolved: 30, closed: 50 }),
  weighted({ new: 1, investigating: 2, awaiting_customer: 1, resolved: 3, closed: 193 }),
];

/** What the read benchmark picks from: seeded references, customers' emails, staff ids. */
export interface Sample {
  references: string[];
  customerEmails: string[];
  staffIds: string[];
  /** References of cases created through the API during the run: they have an audit history. */
  created: string[];
}

const seconds = (since: number) => Math.round((performance.now() - since) / 10) / 100;

/**
 * Seeds `cases` cases (about a third as many customers, 60 % of cases with one) in SQL. Seeded cases have
 * no audit events: their history is empty (cases created through the API during the run have theirs).
 */
export async function seed(
  sql: SqlConnection,
  kind: DbKind,
  cases: number,
): Promise<{ result: SeedResults; sample: Sample }> {
  const started = performance.now();
  const now = new Date().toISOString();
  const customers = Math.max(1, Math.ceil(cases / 3));
  await sql.query(`SET maintenance_work_mem = '${kind === "pglite" ? "256MB" : "512MB"}'`);
  for (const statement of HELPERS) await sql.query(statement);

  const staff = await sql.query<{ id: string }>(INSERT_STAFF, [STAFF, FIRST_NAMES, LAST_NAMES, now]);
  const staffIds = staff.map((row) => row.id);
  const versions = new Map(
    (await sql.query<{ kind: string; version: number }>(SETTINGS_VERSIONS)).map((r) => [
      r.kind,
      Number(r.version),
    ]),
  );

  const indexes = await sql.query<{ name: string; definition: string }>(SECONDARY_INDEXES);
  for (const index of indexes) await sql.query(`DROP INDEX ${index.name}`);

  const batch = BATCH[kind];
  for (let from = 1; from <= customers; from += batch) {
    const to = Math.min(customers, from + batch - 1);
    await sql.query(INSERT_CUSTOMERS, [from, to, FIRST_NAMES, LAST_NAMES, EMAIL_DOMAINS, now]);
  }
  for (let from = 1; from <= cases; from += batch) {
    const to = Math.min(cases, from + batch - 1);
    // biome-ignore format: the parameters in the order INSERT_CASES numbers them
    await sql.query(INSERT_CASES, [
      now, cases, from, to, customers,
      WORDS, SUMMARY_PHRASES, PRODUCTS, CATEGORIES, CHANNEL_MIX, SEVERITY_MIX,
      staffIds, FIRST_NAMES, LAST_NAMES, REMEDIES,
      ...STATUS_BY_AGE,
      versions.get("policy") ?? 1, versions.get("calendar") ?? 1,
    ]);
    log(`  seeded ${to.toLocaleString("en")} / ${cases.toLocaleString("en")} cases (${seconds(started)} s)`);
  }
  const insertSeconds = seconds(started);

  const indexStarted = performance.now();
  for (const index of indexes) await sql.query(index.definition);
  const indexSeconds = seconds(indexStarted);

  const analyzeStarted = performance.now();
  for (const table of ["cases", "customers", "users", "reference_counters"])
    await sql.query(`VACUUM ANALYZE ${table}`);
  const analyzeSeconds = seconds(analyzeStarted);

  const result = {
    cases,
    customers,
    insertSeconds,
    indexSeconds,
    analyzeSeconds,
    totalSeconds: seconds(started),
  };
  return { result, sample: await takeSample(sql, staffIds) };
}

async function takeSample(sql: SqlConnection, staffIds: string[]): Promise<Sample> {
  const references = await sql.query<{ reference: string }>(
    "SELECT reference FROM cases ORDER BY random() LIMIT 1000",
  );
  const emails = await sql.query<{ email: string }>(
    "SELECT email FROM customers WHERE phone IS NULL ORDER BY random() LIMIT 2000",
  );
  return {
    references: references.map((r) => r.reference),
    customerEmails: emails.map((r) => r.email),
    staffIds,
    created: [],
  };
}

// The sections of docs/performance.md that are tables of numbers; bench/report.ts puts the page together.
import type { DbKind } from "./options.js";
import type { DbRun, Machine, ReadResult, Throughput } from "./types.js";

/** The targets, "at 1 M cases". */
export const TARGETS = {
  createRatio: 0.5,
  listP95Ms: 50,
  casePageP95Ms: 20,
  idleRssMb: 250,
};

export const NAMES: Record<DbKind, string> = { postgres: "PostgreSQL", pglite: "PGlite" };

export interface Found {
  run: DbRun;
  machine: Machine;
  file: string;
}

/** "PGlite", or "PGlite (shared_buffers 32MB)" for a run with a non-default setting. */
export const label = (run: DbRun) => `${NAMES[run.db]}${run.variant ? ` (${run.variant})` : ""}`;

/** A Markdown table with padded columns (as Biome formats Markdown, so `npm run lint` stays clean). */
export function table(head: string[], rows: (string | number)[][]): string {
  const cells = [head, ...rows.map((row) => row.map(String))];
  const widths = head.map((_, i) => Math.max(3, ...cells.map((row) => [...(row[i] ?? "")].length)));
  const line = (row: string[]) =>
    `| ${row.map((cell, i) => cell + " ".repeat(widths[i]! - [...cell].length)).join(" | ")} |`;
  return [line(cells[0]!), line(widths.map((w) => "-".repeat(w))), ...cells.slice(1).map(line)].join("\n");
}

const n = (value: number) => value.toLocaleString("en", { maximumFractionDigits: 1 });
const pct = (value: number) => `${Math.round(value * 100)} %`;

/** "PostgreSQL, 1 M cases": the label with the size, where runs of several sizes share a table. */
const sized = (run: DbRun) =>
  `${label(run)}, ${run.cases >= 1e6 ? `${n(run.cases / 1e6)} M` : `${n(run.cases / 1e3)} k`} cases`;

function verdict(met: boolean, miss: string): string {
  return met ? "met" : `**missed** (${miss})`;
}

function ratioAt(run: DbRun, clients: number): number {
  const api = run.create.api.find((t) => t.clients === clients);
  const sql = run.create.sql.find((t) => t.clients === clients);
  return api && sql && sql.perSecond > 0 ? api.perSecond / sql.perSecond : 0;
}

const isListOrSearch = (read: ReadResult) => read.name.startsWith("list") || read.name.startsWith("search");

function readTarget(read: ReadResult): string {
  const limit = isListOrSearch(read)
    ? TARGETS.listP95Ms
    : read.name === "case page"
      ? TARGETS.casePageP95Ms
      : 0;
  if (!limit) return "—";
  const miss = `${n(read.p95 - limit)} ms over, ${n(read.p95 / limit)}×`;
  return `< ${limit} ms: ${verdict(read.p95 < limit, miss)}`;
}

export function targetsSection(found: Found[]): string {
  const rows = found.flatMap(({ run }) => {
    const name = sized(run);
    const ratio = ratioAt(run, 8);
    const slowest = run.reads.filter(isListOrSearch).sort((a, b) => b.p95 - a.p95)[0];
    const missing = run.reads.filter((r) => isListOrSearch(r) && r.p95 >= TARGETS.listP95Ms).length;
    const casePage = run.reads.find((r) => r.name === "case page");
    const rss = run.memory.deployedIdleMb;
    return [
      [
        name,
        `API create at 8 clients ≥ 50 % of bare SQL${run.db === "postgres" ? "" : " (set for PostgreSQL)"}`,
        pct(ratio),
        run.db === "postgres"
          ? verdict(
              ratio >= TARGETS.createRatio,
              `by ${Math.round((TARGETS.createRatio - ratio) * 100)} points`,
            )
          : "—",
      ],
      [
        name,
        "list and search p95 < 50 ms",
        slowest ? `slowest: ${slowest.name}, ${n(slowest.p95)} ms` : "—",
        slowest
          ? verdict(missing === 0, `${missing} of the list/search reads; worst ${n(slowest.p95 / 50)}×`)
          : "—",
      ],
      [
        name,
        "case page p95 < 20 ms",
        casePage ? `${n(casePage.p95)} ms` : "—",
        casePage ? verdict(casePage.p95 < 20, `by ${n(casePage.p95 - 20)} ms`) : "—",
      ],
      [
        name,
        "idle RSS < 250 MB (as deployed, after a restart)",
        `${rss} MB`,
        verdict(rss < TARGETS.idleRssMb, `by ${rss - TARGETS.idleRssMb} MB`),
      ],
    ];
  });
  return table(["database", "target (at 1 M cases)", "measured", "verdict"], rows);
}

export function createSection(found: Found[]): string {
  const line = (t: Throughput) => [n(t.perSecond), n(t.p50), n(t.p95), n(t.p99), t.errors];
  const rows = found.flatMap(({ run }) =>
    run.create.api.map((api) => {
      const sql = run.create.sql.find((t) => t.clients === api.clients)!;
      return [sized(run), api.clients, ...line(api), ...line(sql), pct(ratioAt(run, api.clients))];
    }),
  );
  const head = ["database", "clients", "API/s", "p50", "p95", "p99", "errors", "SQL/s", "p50", "p95", "p99"];
  const floor = found.map(({ run }) => `${sized(run)}: ${n(run.create.httpFloor.perSecond)}/s`).join("; ");
  return [
    table([...head, "errors", "API ÷ SQL"], rows),
    "",
    `Latencies in ms; each line ran for --seconds. For scale, \`GET /healthz\` (HTTP and Fastify, no database) with 8 clients: ${floor}.`,
  ].join("\n");
}

export function readsSection({ run }: Found): string {
  const rows = run.reads.map((r) => [
    r.name,
    `\`${r.path}\`${r.matches === undefined ? "" : ` (matches ${n(r.matches)})`}`,
    n(r.p50),
    n(r.p95),
    n(r.p99),
    r.errors,
    readTarget(r),
  ]);
  return [
    `### ${sized(run)}`,
    "",
    table(["read", "request", "p50 ms", "p95 ms", "p99 ms", "errors", "target p95"], rows),
  ].join("\n");
}

export function resourcesSection(found: Found[]): string {
  const seedRows = found.map(({ run }) => [
    sized(run),
    n(run.seed.cases),
    n(run.seed.customers),
    n(run.seed.insertSeconds),
    n(run.seed.indexSeconds),
    n(run.seed.analyzeSeconds),
    n(run.seed.totalSeconds),
    n(Math.round(run.seed.cases / run.seed.totalSeconds)),
  ]);
  const memoryRows = found.map(({ run }) => {
    const m = run.memory;
    return [
      sized(run),
      m.deployedFirstStartMb,
      m.deployedIdleMb,
      m.beforeOpenMb,
      m.idleMb,
      m.afterSeedMb,
      m.afterLoadMb,
    ];
  });
  const sizeRows = found.map(({ run }) => [
    sized(run),
    ...["cases", "customers", "audit_events", "database"].map((t) => run.sizesMb[t] ?? "—"),
  ]);
  return [
    "### Seeding (SQL, not the API)",
    "",
    table(
      ["database", "cases", "customers", "insert s", "indexes s", "vacuum analyze s", "total s", "cases/s"],
      seedRows,
    ),
    "",
    "### Memory (RSS, MB)",
    "",
    "As deployed: `redress start` from compiled JavaScript in its own process, idle on an empty database. In the benchmark process (TypeScript through tsx, which alone adds ~90 MB): once modules are loaded, idle with the database open and the app listening, after seeding, and after the load.",
    "",
    table(
      [
        "database",
        "deployed: first start",
        "deployed: restart",
        "bench: modules loaded",
        "bench: idle",
        "bench: after seeding",
        "bench: after load",
      ],
      memoryRows,
    ),
    "",
    "### Sizes after the run (MB, with indexes)",
    "",
    table(["database", "cases", "customers", "audit_events", "whole database"], sizeRows),
  ].join("\n");
}

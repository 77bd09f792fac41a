import { parseArgs } from "node:util";

export type DbKind = "pglite" | "postgres";

export interface Options {
  cases: number;
  dbs: DbKind[];
  seconds: number;
  /** Timed requests per read endpoint (after a warm-up). */
  requests: number;
  out: string;
  pgUrl: string;
  /** Keep the benchmark databases afterwards (to EXPLAIN queries on them). */
  keep: boolean;
  /** Only regenerate docs/performance.md from bench/results/*.json. */
  reportOnly: boolean;
  /** Internal: run one database and write its result here (used by --db both). */
  partial: string | undefined;
}

export const USAGE = `npm run bench -- [options]
  --cases N         cases to seed (default 100000)
  --db KIND         pglite | postgres | both (default both)
  --seconds S       seconds per throughput measurement (default 10)
  --requests N      timed requests per read endpoint (default 200)
  --out FILE        results JSON (default bench/results/<timestamp>.json)
  --pg-url URL      PostgreSQL server to create the scratch database on
                    (default $BENCH_PG_URL or postgres://postgres@127.0.0.1:5432/postgres)
  --keep            keep the scratch databases (their names are printed)
  --report-only     only regenerate docs/performance.md from bench/results/*.json`;

function positive(name: string, raw: string): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive whole number`);
  return value;
}

export function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      cases: { type: "string", default: "100000" },
      db: { type: "string", default: "both" },
      seconds: { type: "string", default: "10" },
      requests: { type: "string", default: "200" },
      out: { type: "string" },
      "pg-url": { type: "string" },
      keep: { type: "boolean", default: false },
      "report-only": { type: "boolean", default: false },
      partial: { type: "string" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const dbs: Record<string, DbKind[]> = {
    pglite: ["pglite"],
    postgres: ["postgres"],
    both: ["pglite", "postgres"],
  };
  const chosen = dbs[values.db];
  if (!chosen) throw new Error("--db must be pglite, postgres or both");
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  return {
    cases: positive("cases", values.cases),
    dbs: chosen,
    seconds: positive("seconds", values.seconds),
    requests: positive("requests", values.requests),
    out: values.out ?? `bench/results/${stamp}.json`,
    pgUrl: values["pg-url"] ?? process.env.BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres",
    keep: values.keep,
    reportOnly: values["report-only"],
    partial: values.partial,
  };
}

import { execFileSync } from "node:child_process";
import { cpus, release, totalmem, type } from "node:os";
import type { SqlConnection } from "./sql.js";
import type { Machine } from "./types.js";

export function describeMachine(): Machine {
  const cores = cpus();
  return {
    cpu: cores[0]?.model.trim() ?? "unknown",
    cores: cores.length,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    os: `${type()} ${release()}`,
    node: process.version,
  };
}

/**
 * Which code was measured: the commit, and whether src/ had uncommitted changes (read-only git calls).
 * Outside a git checkout (e.g. a `git archive` export), $BENCH_SOURCE says what it is.
 */
export function describeSource(): string {
  const git = (...args: string[]) =>
    execFileSync("git", ["--no-optional-locks", ...args], { encoding: "utf8", stdio: "pipe" }).trim();
  try {
    const commit = git("rev-parse", "--short", "HEAD");
    const dirty = git("status", "--porcelain", "--", "src") !== "";
    return dirty ? `${commit} with uncommitted changes in src/` : commit;
  } catch {
    return process.env.BENCH_SOURCE ?? "unknown (not a git checkout; set BENCH_SOURCE)";
  }
}

export const rssMb = () => Math.round(process.memoryUsage.rss() / 2 ** 20);

export async function serverVersion(sql: SqlConnection): Promise<string> {
  const [row] = await sql.query<{ server_version: string }>("SHOW server_version");
  return row?.server_version ?? "unknown";
}

/** Sizes in MB (with indexes and TOAST) of the tables a case touches, and of the whole database. */
export async function sizesMb(sql: SqlConnection): Promise<Record<string, number>> {
  const rows = await sql.query<{ name: string; mb: number }>(
    `SELECT relname AS name, round(pg_total_relation_size(oid) / 1048576.0)::int AS mb FROM pg_class
     WHERE relname IN ('cases', 'customers', 'audit_events', 'audit_personal') AND relkind = 'r'
     UNION ALL
     SELECT 'database', round(pg_database_size(current_database()) / 1048576.0)::int`,
  );
  return Object.fromEntries(rows.map((row) => [row.name, Number(row.mb)]));
}

import { spawn } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import pg from "pg";
import { redact } from "../config.js";
import { AppError } from "../errors.js";

/**
 * R11 on PostgreSQL: pg_dump and pg_restore (the client tools of the server's major version or newer, on
 * PATH). They copy exactly what is there — the audit trail's rows and hashes, sequences, the migration
 * history, attachments in bytea — and pg_restore creates triggers after the data, so the append-only and
 * chaining triggers never see the restore. The password goes through PGPASSWORD, never the command line.
 */
function connection(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = "";
  return {
    dbname: parsed.toString(),
    env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) },
  };
}

interface Tool {
  done: Promise<void>;
  stdin: NodeJS.WritableStream;
  stdout: NodeJS.ReadableStream;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv, url: string): Tool {
  const child = spawn(command, args, { env, stdio: ["pipe", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString("utf8")).slice(-4000);
  });
  const done = new Promise<void>((resolve, reject) => {
    child.on("error", (error: NodeJS.ErrnoException) =>
      reject(
        error.code === "ENOENT"
          ? new AppError(
              "tool_missing",
              500,
              `${command} is not installed or not on PATH; install the PostgreSQL client tools (e.g. apt-get install postgresql-client)`,
            )
          : error,
      ),
    );
    child.on("close", (code) =>
      code === 0
        ? resolve()
        : reject(
            new AppError(
              "tool_failed",
              500,
              `${command} failed on ${redact(url)} (exit ${code}): ${stderr.trim()}`,
            ),
          ),
    );
  });
  return { done, stdin: child.stdin, stdout: child.stdout };
}

/**
 * Dumps the database in one consistent snapshot: `prepare` runs in a REPEATABLE READ transaction whose
 * snapshot pg_dump then shares (`--snapshot`), so the counts it returns are exactly those of the dump.
 */
export async function dumpPostgres<T>(
  url: string,
  file: string,
  prepare: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    const { rows } = await client.query<{ id: string }>("SELECT pg_export_snapshot() AS id");
    const prepared = await prepare(client);
    const { dbname, env } = connection(url);
    const dump = run(
      "pg_dump",
      [
        "--format=custom",
        "--no-owner",
        "--no-privileges",
        `--snapshot=${rows[0]!.id}`,
        `--file=${file}`,
        `--dbname=${dbname}`,
      ],
      env,
      url,
    );
    dump.stdin.end();
    await dump.done;
    await client.query("COMMIT");
    return prepared;
  } finally {
    await client.end();
  }
}

/** Tables in the schemas Redress uses: a database with any is not empty. */
export async function countTables(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM pg_tables WHERE schemaname IN ('public', 'drizzle')",
    );
    return rows[0]!.n;
  } finally {
    await client.end();
  }
}

/**
 * Restores a dump in one transaction: pg_restore writes the whole script first (a dump it cannot read
 * stops here, before the database is touched), then psql runs it with --single-transaction — a restore
 * that fails leaves the database as it was. `replace` first drops what is there, in that same transaction.
 */
export async function restorePostgres(url: string, dumpFile: string, replace: boolean): Promise<void> {
  const { dbname, env } = connection(url);
  const script = join(dirname(dumpFile), "restore.sql");
  const prelude = join(dirname(dumpFile), "prelude.sql");
  const restore = run(
    "pg_restore",
    ["--no-owner", "--no-privileges", `--file=${script}`, dumpFile],
    env,
    url,
  );
  restore.stdin.end();
  await restore.done;
  await writeFile(
    prelude,
    replace
      ? "DROP SCHEMA IF EXISTS drizzle CASCADE;\nDROP SCHEMA IF EXISTS public CASCADE;\nCREATE SCHEMA public;\n"
      : "",
  );
  const psql = run(
    "psql",
    [
      "--quiet",
      "--no-psqlrc",
      "--single-transaction",
      "-v",
      "ON_ERROR_STOP=1",
      "-f",
      prelude,
      "-f",
      script,
      `--dbname=${dbname}`,
    ],
    env,
    url,
  );
  psql.stdin.end();
  await psql.done;
}

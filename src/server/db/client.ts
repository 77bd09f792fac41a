import { constants } from "node:fs";
import { access, mkdir } from "node:fs/promises";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import type { SQL } from "drizzle-orm";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import pg from "pg";
import { ConfigError, redact } from "../config.js";
import * as schema from "./schema/index.js";

export type Schema = typeof schema;
/** A database or a transaction: services take this, so the same query runs in or out of a transaction. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export interface Database {
  db: Db;
  kind: "pglite" | "postgres";
  /** Runs `fn` on one connection: PGlite's only one, or a pooled client held for the duration. */
  withConnection<T>(fn: (db: Db) => Promise<T>): Promise<T>;
  /**
   * PGlite only (R11 backups): its data directory as tar.gz, taken inside a transaction of its own (so no
   * write is half done), with the rows of `statement` read in that same transaction.
   */
  dumpDataDir?(statement: string): Promise<{ tarball: Uint8Array; rows: Record<string, unknown>[] }>;
  close(): Promise<void>;
}

// pg returns int8 and numeric as strings; counts and sums here fit in a double.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));

export async function openDatabase(options: { databaseUrl?: string; dataDir: string; poolSize?: number }) {
  return options.databaseUrl
    ? openPostgres(options.databaseUrl, options.poolSize ?? 10)
    : openPglite(options.dataDir);
}

/**
 * PGlite's shared buffers live in its WebAssembly heap and are touched at start, so they are most of the
 * embedded database's idle memory. 16 MB instead of PGlite's 128 MB: Redress as deployed then idles at
 * 221–243 MB RSS after a restart (32 MB: 254–271 MB; 128 MB: ~370 MB; bench/analysis.md), and reads at
 * 100 k cases were no slower — the operating system's page cache holds the data files either way.
 * Given on the command line (`-c`), not with PGlite's `postgresqlconf` option, which replaces the data
 * directory's whole postgresql.conf.
 */
export const PGLITE_SHARED_BUFFERS = "16MB";

/** `load`: a data directory tarball (a PGlite backup) to restore into the empty `dataDir` first. */
export async function openPglite(dataDir: string, load?: Uint8Array): Promise<Database> {
  try {
    await mkdir(dataDir, { recursive: true });
    await access(dataDir, constants.W_OK);
  } catch (error) {
    throw new ConfigError("REDRESS_DATA_DIR", `cannot write to ${dataDir} (${(error as Error).message})`);
  }
  let client: PGlite;
  try {
    client = await PGlite.create(dataDir, {
      extensions: { pg_trgm },
      startParams: [...PGlite.defaultStartParams, "-c", `shared_buffers=${PGLITE_SHARED_BUFFERS}`],
      ...(load ? { loadDataDir: new Blob([load]) } : {}),
    });
  } catch (error) {
    throw new ConfigError(
      "REDRESS_DATA_DIR",
      `cannot open the embedded database in ${dataDir} (${(error as Error).message}); is another Redress using it?`,
    );
  }
  const db = drizzlePglite({ client, schema }) as unknown as Db;
  return {
    db,
    kind: "pglite",
    withConnection: (fn) => fn(db),
    async dumpDataDir(statement) {
      await client.exec("CHECKPOINT");
      return client.transaction(async (tx) => {
        const { rows } = await tx.query<Record<string, unknown>>(statement);
        const tarball = await client.dumpDataDir("gzip");
        return { tarball: new Uint8Array(await tarball.arrayBuffer()), rows };
      });
    },
    close: () => client.close(),
  };
}

export async function openPostgres(databaseUrl: string, poolSize: number): Promise<Database> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize });
  // An idle client that loses its server must not crash the process; the next query reconnects.
  pool.on("error", () => {});
  try {
    const probe = await pool.connect();
    probe.release();
  } catch (error) {
    await pool.end().catch(() => {});
    throw new ConfigError(
      "DATABASE_URL",
      `cannot connect to ${redact(databaseUrl)} (${(error as Error).message})`,
    );
  }
  const db = drizzlePg({ client: pool, schema }) as unknown as Db;
  return {
    db,
    kind: "postgres",
    async withConnection(fn) {
      const client = await pool.connect();
      try {
        return await fn(drizzlePg({ client, schema }) as unknown as Db);
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

/** Runs raw SQL and returns its rows (both drivers answer `{ rows }`). */
export async function queryRows<T>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

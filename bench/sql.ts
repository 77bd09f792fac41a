import { randomBytes } from "node:crypto";
import type { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import type { Database } from "../src/server/db/client.js";

/** One database connection used directly, with no ORM: for seeding and for the bare-SQL baseline. */
export interface SqlConnection {
  query<T>(text: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

/** A plain node-postgres client (its own connection, not one of the app's pool). */
export async function connectPostgres(url: string): Promise<SqlConnection> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return {
    async query<T>(text: string, params: unknown[] = []) {
      const result = await client.query(text, params);
      return result.rows as T[];
    },
    close: () => client.end(),
  };
}

/**
 * PGlite is one connection: the app's own client (Drizzle exposes it as `$client`). Closing this handle
 * leaves it open; the app's Database closes it.
 */
export function pgliteConnection(database: Database): SqlConnection {
  const client = (database.db as unknown as { $client: PGlite }).$client;
  return {
    async query<T>(text: string, params: unknown[] = []) {
      const result = await client.query<T>(text, params);
      return result.rows;
    },
    close: async () => {},
  };
}

/** Runs `fn` on a fresh connection to a PostgreSQL server's maintenance database. */
export async function withAdmin<T>(serverUrl: string, fn: (sql: SqlConnection) => Promise<T>): Promise<T> {
  const admin = await connectPostgres(serverUrl);
  try {
    return await fn(admin);
  } finally {
    await admin.close();
  }
}

export function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A new, empty database on a PostgreSQL server, named `prefix`_<time>_<random>; `drop` removes it. */
export async function scratchDatabase(
  serverUrl: string,
  prefix: string,
): Promise<{ name: string; url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${Date.now()}_${randomBytes(3).toString("hex")}`;
  await withAdmin(serverUrl, (admin) => admin.query(`CREATE DATABASE "${name}"`));
  return {
    name,
    url: databaseUrl(serverUrl, name),
    drop: () =>
      withAdmin(serverUrl, (admin) => admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(
        () => {},
      ),
  };
}

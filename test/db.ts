import { randomBytes } from "node:crypto";
import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { type Database, openDatabase, openPglite } from "../src/server/db/client.js";

/**
 * Test databases: a migrated template made once per run (global-setup.ts), copied per test file —
 * a PGlite data dir copied on disk, or a PostgreSQL database created from a template database when
 * TEST_DATABASE_URL is set.
 */

export function pgServerUrl(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export function baseDatabaseName(url: string): string {
  return decodeURIComponent(new URL(url).pathname.slice(1)) || "postgres";
}

export async function withAdminClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export interface TestDatabase {
  database: Database;
  /** Where a second app instance can connect to the same data (PostgreSQL only). */
  url: string | undefined;
  dispose(): Promise<void>;
}

/** `template`: what global-setup.ts provides (`inject("template")`). */
export async function openTestDatabase(template: string): Promise<TestDatabase> {
  const testUrl = process.env.TEST_DATABASE_URL;
  if (testUrl) {
    const name = `${baseDatabaseName(testUrl)}_${randomBytes(5).toString("hex")}`;
    await withAdminClient(testUrl, (c) => c.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`));
    const url = pgServerUrl(testUrl, name);
    const database = await openDatabase({ databaseUrl: url, dataDir: "", poolSize: 10 });
    return {
      database,
      url,
      async dispose() {
        await database.close();
        await withAdminClient(testUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
      },
    };
  }
  const dir = await mkdtemp(join(tmpdir(), "redress-test-"));
  await cp(template, dir, { recursive: true });
  const database = await openPglite(dir);
  return {
    database,
    url: undefined,
    async dispose() {
      await database.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

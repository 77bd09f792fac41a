import { sql } from "drizzle-orm";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import { migrationsFolder } from "../paths.js";
import type { Database, Db } from "./client.js";

/** One lock for all instances: the first to start migrates, the others wait and then find nothing to do. */
const MIGRATION_LOCK = sql`hashtext('redress:migrate')`;

/**
 * Applies the committed SQL migrations (the same for PGlite and PostgreSQL) under an advisory lock,
 * then runs `afterMigrate` (defaults, first admin) while still holding it.
 */
export async function runMigrations(
  database: Database,
  afterMigrate?: (db: Db) => Promise<void>,
): Promise<void> {
  await database.withConnection(async (db) => {
    await db.execute(sql`SELECT pg_advisory_lock(${MIGRATION_LOCK})`);
    try {
      await migrate(db as Parameters<typeof migrate>[0], { migrationsFolder: migrationsFolder() });
      if (afterMigrate) await afterMigrate(db);
    } finally {
      await db.execute(sql`SELECT pg_advisory_unlock(${MIGRATION_LOCK})`);
    }
  });
}

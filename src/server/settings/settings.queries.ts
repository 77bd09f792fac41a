import { sql } from "drizzle-orm";
import { type Db, queryRows } from "../db/client.js";

export type SettingsKind = "calendar" | "policy";

export interface SettingsVersion<T> {
  kind: SettingsKind;
  version: number;
  body: T;
  createdAt: Date;
}

export async function latestSettings(db: Db): Promise<SettingsVersion<unknown>[]> {
  const rows = await queryRows<{ kind: SettingsKind; version: number; body: unknown; created_at: Date }>(
    db,
    sql`SELECT DISTINCT ON (kind) kind, version, body, created_at FROM settings_versions ORDER BY kind, version DESC`,
  );
  return rows.map((r) => ({
    kind: r.kind,
    version: r.version,
    body: r.body,
    createdAt: new Date(r.created_at),
  }));
}

export async function settingsVersion<T>(
  db: Db,
  kind: SettingsKind,
  version: number,
): Promise<SettingsVersion<T> | undefined> {
  const [row] = await queryRows<{ body: T; created_at: Date }>(
    db,
    sql`SELECT body, created_at FROM settings_versions WHERE kind = ${kind} AND version = ${version}`,
  );
  return row ? { kind, version, body: row.body, createdAt: new Date(row.created_at) } : undefined;
}

/** Adds the next version of a kind; `ON CONFLICT` makes a concurrent first write harmless. */
export async function insertSettingsVersion(
  db: Db,
  kind: SettingsKind,
  body: unknown,
  now: Date,
  userId: string | null,
): Promise<number> {
  const [row] = await queryRows<{ version: number }>(
    db,
    sql`INSERT INTO settings_versions (kind, version, body, created_at, created_by_id)
        SELECT ${kind}, coalesce(max(version), 0) + 1, ${JSON.stringify(body)}::jsonb, ${now}, ${userId}
        FROM settings_versions WHERE kind = ${kind}
        RETURNING version`,
  );
  return row!.version;
}

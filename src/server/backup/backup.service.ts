import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, rename, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import pg from "pg";
import { verifyAuditTrail } from "../audit/audit.verify.js";
import { type Database, type Db, openDatabase, openPglite, queryRows } from "../db/client.js";
import { AppError } from "../errors.js";
import {
  type BackupManifest,
  checkPayload,
  copyPayloadTo,
  readBackupHeader,
  readPayload,
  writeBackupFile,
} from "./backup.format.js";
import { countTables, dumpPostgres, restorePostgres } from "./backup.postgres.js";

/** Where the data lives: PGlite's directory (open already in a running server), or a PostgreSQL URL. */
export type BackupTarget =
  | { kind: "pglite"; dataDir: string; database?: Database }
  | { kind: "postgres"; url: string };

/** What a backup must bring back: the rows that make the record, and the migrations they were made under. */
const COUNTS_SQL = `SELECT (SELECT count(*) FROM cases)::int AS cases,
  (SELECT count(*) FROM customers)::int AS customers,
  (SELECT count(*) FROM correspondence)::int AS correspondence,
  (SELECT count(*) FROM attachments)::int AS attachments,
  (SELECT count(*) FROM attachment_blobs)::int AS attachment_blobs,
  (SELECT count(*) FROM audit_events)::int AS audit_events,
  (SELECT count(*) FROM audit_seals)::int AS audit_seals,
  (SELECT count(*) FROM users)::int AS users,
  (SELECT count(*) FROM archive_register)::int AS archive_register,
  (SELECT count(*) FROM disposal_register)::int AS disposal_register,
  (SELECT count(*) FROM drizzle.__drizzle_migrations)::int AS migrations`;

function splitCounts(row: Record<string, unknown>) {
  const counts = Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)]));
  const { migrations, ...rest } = counts;
  return { migrations: migrations ?? 0, counts: rest };
}

export async function databaseCounts(db: Db) {
  const [row] = await queryRows<Record<string, unknown>>(db, sql.raw(COUNTS_SQL));
  return splitCounts(row!);
}

/** PGlite's `postmaster.pid` exists while an instance has the directory open (it is removed on a clean stop). */
export function assertPgliteIdle(dataDir: string): void {
  if (existsSync(join(dataDir, "postmaster.pid"))) {
    throw new AppError(
      "database_in_use",
      409,
      `the embedded database in ${dataDir} is in use (or Redress did not stop cleanly): stop Redress first — ` +
        "a running server makes its own scheduled backups (REDRESS_BACKUP_DIR); after a crash, start and stop it once",
    );
  }
}

/** R11: a consistent snapshot of the whole database, attachments included, in one backup file. */
export async function createBackup(target: BackupTarget, file: string, now: Date): Promise<BackupManifest> {
  const createdAt = now.toISOString();
  if (target.kind === "pglite") {
    let database = target.database;
    if (!database) {
      if (!existsSync(join(target.dataDir, "PG_VERSION"))) {
        throw new AppError(
          "nothing_to_back_up",
          404,
          `${target.dataDir} holds no Redress database; nothing to back up`,
        );
      }
      assertPgliteIdle(target.dataDir);
      database = await openPglite(target.dataDir);
    }
    try {
      const { tarball, rows } = await database.dumpDataDir!(COUNTS_SQL);
      const { migrations, counts } = splitCounts(rows[0]!);
      return await writeBackupFile(
        file,
        { engine: "pglite", createdAt, migrations, counts, payload: { format: "pgdata.tar.gz" } },
        tarball,
      );
    } finally {
      if (!target.database) await database.close();
    }
  }
  const scratch = await mkdtemp(join(tmpdir(), "redress-backup-"));
  try {
    const dumpFile = join(scratch, "database.dump");
    const row = await dumpPostgres(
      target.url,
      dumpFile,
      async (client) => (await client.query(COUNTS_SQL)).rows[0],
    );
    const { migrations, counts } = splitCounts(row as Record<string, unknown>);
    return await writeBackupFile(
      file,
      { engine: "postgres", createdAt, migrations, counts, payload: { format: "pg_dump.custom" } },
      { path: dumpFile },
    );
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

export interface RestoreReport {
  manifest: BackupManifest;
  counts: Record<string, number>;
  mismatches: string[];
  auditOk: boolean;
  auditProblems: string[];
  /** Where the data that was there before went (PGlite with --force). */
  keptPrevious?: string;
}

/** Compares the restored copy with the manifest and verifies its audit chain. */
async function check(db: Db, manifest: BackupManifest): Promise<Omit<RestoreReport, "manifest">> {
  const { counts } = await databaseCounts(db);
  const mismatches = Object.entries(manifest.counts)
    .filter(([table, n]) => counts[table] !== n)
    .map(([table, n]) => `${table}: ${counts[table]} restored, ${n} backed up`);
  const audit = await verifyAuditTrail(db);
  return { counts, mismatches, auditOk: audit.ok, auditProblems: audit.problems };
}

async function isEmptyDir(dir: string): Promise<boolean> {
  try {
    return (await readdir(dir)).length === 0;
  } catch {
    return true;
  }
}

function wrongEngine(manifest: BackupManifest, target: BackupTarget): AppError {
  return new AppError(
    "wrong_engine",
    409,
    `this is a ${manifest.engine} backup and the target is ${target.kind}: restore it with ` +
      (manifest.engine === "pglite"
        ? "DATABASE_URL unset (the embedded database)"
        : "DATABASE_URL set to a PostgreSQL database"),
  );
}

/**
 * R11: restores a backup. The file is checked whole first (magic, size, SHA-256); a target that holds data
 * is refused unless `force`. PGlite is restored beside the old directory and swapped in only once it opens
 * (with force the old one is kept as `<dir>.replaced-<time>`); PostgreSQL in one transaction.
 */
export async function restoreBackup(
  target: BackupTarget,
  file: string,
  options: { force: boolean; now: Date },
): Promise<RestoreReport> {
  const header = await readBackupHeader(file);
  await checkPayload(file, header);
  const { manifest } = header;
  if (manifest.engine !== target.kind) throw wrongEngine(manifest, target);
  if (target.kind === "pglite") {
    const dir = target.dataDir;
    const empty = await isEmptyDir(dir);
    if (!empty && !options.force) throw notEmpty(`${dir} already holds a database`);
    if (!empty) assertPgliteIdle(dir);
    const stamp = options.now.toISOString().replace(/[:.]/g, "-");
    const staging = `${dir}.restoring-${stamp}`;
    const restored = await openPglite(staging, await readPayload(file, header));
    let report: Omit<RestoreReport, "manifest">;
    try {
      report = await check(restored.db, manifest);
    } finally {
      await restored.close();
    }
    let keptPrevious: string | undefined;
    if (existsSync(dir)) {
      if (empty) await rm(dir, { recursive: true, force: true });
      else {
        keptPrevious = `${dir}.replaced-${stamp}`;
        await rename(dir, keptPrevious);
      }
    }
    await rename(staging, dir);
    return { manifest, ...report, ...(keptPrevious ? { keptPrevious } : {}) };
  }
  const tables = await countTables(target.url);
  if (tables > 0 && !options.force)
    throw notEmpty(`the database in DATABASE_URL already has ${tables} tables`);
  const report = await restorePostgresFile(target.url, file, header, tables > 0);
  return { manifest, ...report };
}

function notEmpty(what: string): AppError {
  return new AppError(
    "target_not_empty",
    409,
    `${what}; restore will not overwrite it — restore into an empty one, or add --force to replace it`,
  );
}

async function restorePostgresFile(
  url: string,
  file: string,
  header: Awaited<ReturnType<typeof readBackupHeader>>,
  replace: boolean,
) {
  const scratch = await mkdtemp(join(tmpdir(), "redress-restore-"));
  try {
    const dumpFile = join(scratch, "database.dump");
    await copyPayloadTo(file, header, dumpFile);
    await restorePostgres(url, dumpFile, replace);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  const database = await openDatabase({ databaseUrl: url, dataDir: "", poolSize: 2 });
  try {
    return await check(database.db, header.manifest);
  } finally {
    await database.close();
  }
}

/**
 * R11: `backup --verify` — restores the backup into a scratch place (a temporary directory for PGlite, a
 * temporary database on the PostgreSQL server for pg_dump backups), compares the counts with the manifest
 * and verifies the audit chain, then removes the scratch copy. Nothing of the live data is touched.
 */
export async function verifyBackup(
  file: string,
  scratchUrl: string | undefined,
  now: Date,
): Promise<RestoreReport> {
  const header = await readBackupHeader(file);
  await checkPayload(file, header);
  if (header.manifest.engine === "pglite") {
    const dir = await mkdtemp(join(tmpdir(), "redress-verify-"));
    try {
      return await restoreBackup({ kind: "pglite", dataDir: join(dir, "data") }, file, { force: false, now });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  if (!scratchUrl) {
    throw new AppError(
      "scratch_needed",
      400,
      "verifying a PostgreSQL backup needs a server to restore it on: set DATABASE_URL (or give --scratch-url); a temporary database is created there and dropped",
    );
  }
  const parsed = new URL(scratchUrl);
  const name = `${decodeURIComponent(parsed.pathname.slice(1)) || "redress"}_verify_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: scratchUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } catch (error) {
    await admin.end();
    throw new AppError(
      "scratch_failed",
      500,
      `cannot create a scratch database on the server (${(error as Error).message}); the role needs CREATEDB`,
    );
  }
  parsed.pathname = `/${name}`;
  try {
    return {
      manifest: header.manifest,
      ...(await restorePostgresFile(parsed.toString(), file, header, false)),
    };
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => {});
    await admin.end();
  }
}

import { readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { DateTime } from "luxon";
import type { Ctx } from "../context.js";
import type { Database } from "../db/client.js";
import { AppError } from "../errors.js";
import { claimPeriod, finishPeriod } from "../jobs/periodic.js";
import { notifyRole } from "../notifications/notifications.service.js";
import { backupFileName, backupsToDelete } from "./backup.rotation.js";
import { type BackupTarget, createBackup } from "./backup.service.js";

/**
 * R11: the day's backup into REDRESS_BACKUP_DIR, from REDRESS_BACKUP_HOUR on, once a day however many
 * instances run (claimPeriod), then rotation. A failure tells the admins — a backup that silently stopped
 * is found on the day it is needed.
 */
export async function runScheduledBackup(ctx: Ctx, database: Database, dir: string) {
  const now = ctx.clock.now();
  const local = DateTime.fromJSDate(now, { zone: ctx.config.timezone });
  if (local.hour < ctx.config.backupHour) return { backedUp: false };
  const day = local.toISODate()!;
  if (!(await claimPeriod(ctx.db, "backup", day, now, 3 * 3_600_000))) return { backedUp: false };
  const target: BackupTarget =
    database.kind === "pglite"
      ? { kind: "pglite", dataDir: ctx.config.dataDir, database }
      : { kind: "postgres", url: ctx.config.databaseUrl! };
  const file = join(dir, backupFileName(day));
  try {
    const manifest = await createBackup(target, file, now);
    const deleted = backupsToDelete(
      await readdir(dir),
      ctx.config.backupKeepDaily,
      ctx.config.backupKeepMonthly,
    );
    for (const name of deleted) await rm(join(dir, name), { force: true });
    const result = { file, bytes: manifest.payload.bytes, sha256: manifest.payload.sha256, deleted };
    await finishPeriod(ctx.db, "backup", day, ctx.clock.now(), result);
    return { backedUp: true, ...result };
  } catch (error) {
    const detail = error instanceof AppError ? error.detail : (error as Error).message;
    await finishPeriod(ctx.db, "backup", day, ctx.clock.now(), { error: detail });
    await ctx.db.transaction((tx) =>
      notifyRole(
        tx,
        "admin",
        { caseId: null, kind: "backup.failed", message: `The scheduled backup of ${day} failed: ${detail}` },
        ctx.clock.now(),
      ),
    );
    ctx.log.error({ err: error, day }, "scheduled backup failed");
    return { backedUp: false, error: detail };
  }
}

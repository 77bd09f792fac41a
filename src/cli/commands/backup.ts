import { parseArgs } from "node:util";
import { createBackup, verifyBackup } from "../../server/backup/backup.service.js";
import { systemClock } from "../../server/clock.js";
import { loadConfig } from "../../server/config.js";
import { AppError } from "../../server/errors.js";
import type { Command } from "../main.js";
import { backupTarget, reportRestore } from "./backup.shared.js";

export const backupCommand: Command = {
  summary: "back up the whole database (attachments included) to one file, or --verify a backup",
  usage: `redress backup <file>            make a backup (PGlite: stop Redress first; PostgreSQL: pg_dump on PATH)
  redress backup --verify <file>   restore it into a scratch place, compare counts, verify the audit chain
    [--scratch-url <postgres-url>]  where a PostgreSQL backup is verified (default: DATABASE_URL's server)`,
  async run(args) {
    const { values, positionals } = parseArgs({
      args,
      options: { verify: { type: "boolean" }, "scratch-url": { type: "string" } },
      allowPositionals: true,
      strict: true,
    });
    const [file] = positionals;
    if (!file || positionals.length > 1) {
      console.error(`redress backup: give one backup file\nusage: ${backupCommand.usage}`);
      return 2;
    }
    const config = loadConfig();
    try {
      if (values.verify) {
        const report = await verifyBackup(
          file,
          values["scratch-url"] ?? config.databaseUrl,
          systemClock.now(),
        );
        return reportRestore(`backup ${file} verified`, report);
      }
      const manifest = await createBackup(backupTarget(config), file, systemClock.now());
      console.log(
        `backup written to ${file}: ${manifest.engine}, ${manifest.counts.cases} cases, ` +
          `${manifest.counts.attachments} attachments, ${manifest.counts.audit_events} audit events, ` +
          `${manifest.payload.bytes} bytes (SHA-256 ${manifest.payload.sha256})`,
      );
      return 0;
    } catch (error) {
      if (error instanceof AppError) {
        console.error(`redress backup: ${error.detail}`);
        return 1;
      }
      throw error;
    }
  },
};

import { parseArgs } from "node:util";
import { restoreBackup } from "../../server/backup/backup.service.js";
import { systemClock } from "../../server/clock.js";
import { loadConfig } from "../../server/config.js";
import { AppError } from "../../server/errors.js";
import type { Command } from "../main.js";
import { backupTarget, reportRestore } from "./backup.shared.js";

export const restoreCommand: Command = {
  summary: "restore a backup into the configured database (refuses a non-empty one without --force)",
  usage: `redress restore <file> [--force]
  Checks the whole file first (a truncated, damaged or foreign file changes nothing), restores, then
  compares the counts with the backup's and verifies the audit chain. Stop Redress before restoring.
  --force  replace a database that holds data (PGlite keeps the old directory as <dir>.replaced-<time>)`,
  async run(args) {
    const { values, positionals } = parseArgs({
      args,
      options: { force: { type: "boolean" } },
      allowPositionals: true,
      strict: true,
    });
    const [file] = positionals;
    if (!file || positionals.length > 1) {
      console.error(`redress restore: give one backup file\nusage: ${restoreCommand.usage}`);
      return 2;
    }
    try {
      const report = await restoreBackup(backupTarget(loadConfig()), file, {
        force: values.force === true,
        now: systemClock.now(),
      });
      if (report.keptPrevious) console.log(`the database that was there is kept in ${report.keptPrevious}`);
      return reportRestore(`restored ${file}`, report);
    } catch (error) {
      if (error instanceof AppError) {
        console.error(`redress restore: ${error.detail}`);
        return 1;
      }
      throw error;
    }
  },
};

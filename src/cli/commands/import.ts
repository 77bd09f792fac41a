import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { parseArgs } from "node:util";
import pino from "pino";
import { systemClock } from "../../server/clock.js";
import { systemActor } from "../../server/context.js";
import { AppError } from "../../server/errors.js";
import { importLegacyLog, parseMapping } from "../../server/imports/imports.service.js";
import { SettingsStore } from "../../server/settings/settings.service.js";
import { CHANNELS, type Channel } from "../../shared/enums.js";
import type { ImportReport } from "../../shared/imports.schema.js";
import type { Command } from "../main.js";
import { withDatabase } from "./shared.js";

function printReport(report: ImportReport, verbose: boolean): void {
  const { counts, file } = report;
  const verb = report.dryRun ? "would import" : "imported";
  console.log(
    `${file.name} (${file.kind}, ${file.rows} rows, ${file.emptyRows} empty): ${verb} ${counts.imported}, ` +
      `already imported ${counts.alreadyImported}, bad ${counts.bad}; dates read ${report.dateOrder === "dmy" ? "day" : "month"} first`,
  );
  for (const row of report.rows) {
    if (verbose || row.reason) {
      console.log(
        `  row ${row.row}: ${row.outcome}${row.reference ? ` ${row.reference}` : ""}${row.reason ? ` — ${row.reason}` : ""}`,
      );
    }
  }
}

export const importCommand: Command = {
  summary: "import a legacy complaint log (CSV or XLSX in the S0 columns); --dry-run first",
  usage: `redress import <file.csv|file.xlsx> [--dry-run] [--skip-bad] [--map "Date=Received On,..."]
                [--date-order auto|dmy|mdy] [--channel ${CHANNELS.join("|")}]
  Columns: Date, Customer Name, Contact Info, Complaint Details, Status, Handler, Actions Taken,
  Resolution/Closure Date (--map names yours). A file with bad rows imports nothing and lists them,
  unless --skip-bad; rows imported before are skipped. --dry-run lists every row and changes nothing.`,
  async run(args) {
    const { values, positionals } = parseArgs({
      args,
      options: {
        "dry-run": { type: "boolean" },
        "skip-bad": { type: "boolean" },
        map: { type: "string" },
        "date-order": { type: "string" },
        channel: { type: "string" },
      },
      allowPositionals: true,
      strict: true,
    });
    const [path] = positionals;
    const order = values["date-order"] ?? "auto";
    const channel = values.channel ?? "api";
    if (
      !path ||
      positionals.length > 1 ||
      !["auto", "dmy", "mdy"].includes(order) ||
      !CHANNELS.includes(channel as Channel)
    ) {
      console.error(
        `redress import: give one file (and a valid --date-order / --channel)\nusage: ${importCommand.usage}`,
      );
      return 2;
    }
    let bytes: Uint8Array;
    try {
      bytes = await readFile(path);
    } catch (error) {
      console.error(`redress import: cannot read ${path} (${(error as Error).message})`);
      return 1;
    }
    return withDatabase(async (database, config) => {
      const ctx = {
        db: database.db,
        actor: systemActor("cli:import"),
        clock: systemClock,
        log: pino({ level: "warn" }),
        config,
        settings: new SettingsStore(),
      };
      try {
        const report = await importLegacyLog(
          ctx,
          { name: basename(path), bytes },
          {
            dryRun: values["dry-run"] === true,
            skipBad: values["skip-bad"] === true,
            dateOrder: order as "auto" | "dmy" | "mdy",
            channel: channel as Channel,
            mapping: parseMapping(values.map),
          },
        );
        printReport(report, report.dryRun);
        return 0;
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        console.error(`redress import: ${error.detail}`);
        const rows = (error.extra.rows ?? []) as ImportReport["rows"];
        for (const row of rows) console.error(`  row ${row.row}: ${row.reason}`);
        return 1;
      }
    });
  },
};

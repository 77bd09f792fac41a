import { writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import pino from "pino";
import { systemClock } from "../../server/clock.js";
import { systemActor } from "../../server/context.js";
import { AppError } from "../../server/errors.js";
import { renderReport } from "../../server/reports/reports.render.js";
import { getMonthlyReport } from "../../server/reports/reports.service.js";
import { SettingsStore } from "../../server/settings/settings.service.js";
import { REPORT_FORMATS, type ReportFormat } from "../../shared/reports.schema.js";
import type { Command } from "../main.js";
import { withDatabase } from "./shared.js";

export const reportCommand: Command = {
  summary: "write the monthly report (R12) of a month to a file",
  usage: `redress report --month YYYY-MM --format ${REPORT_FORMATS.join("|")} --out <file>
  A finished month's report is generated once and archived (as through the API); later runs print the
  archived one. The current month gives the month to date. pdf needs Chromium (REDRESS_CHROMIUM).`,
  async run(args) {
    const { values } = parseArgs({
      args,
      options: {
        month: { type: "string" },
        format: { type: "string", default: "pdf" },
        out: { type: "string" },
      },
      strict: true,
    });
    const format = values.format as ReportFormat;
    if (!values.month || !values.out || !REPORT_FORMATS.includes(format)) {
      console.error(
        REPORT_FORMATS.includes(format)
          ? "redress report: --month and --out are required"
          : `redress report: --format must be one of ${REPORT_FORMATS.join(", ")}`,
      );
      return 2;
    }
    return withDatabase(async (database, config) => {
      const ctx = {
        db: database.db,
        actor: systemActor("cli"),
        clock: systemClock,
        log: pino({ level: "warn" }),
        config,
        settings: new SettingsStore(),
      };
      try {
        const { report } = await getMonthlyReport(ctx, values.month!, "--month");
        const rendered = await renderReport(report, format, { chromiumPath: config.chromiumPath });
        await writeFile(values.out!, rendered.body);
        console.log(
          `wrote ${values.out} (${format}, ${report.month}${report.complete ? "" : ", month to date"}: ` +
            `${report.received.total} received, ${report.closed.total} closed)`,
        );
        return 0;
      } catch (error) {
        if (error instanceof AppError) {
          const fields = (error.extra.errors as { field: string; message: string }[] | undefined) ?? [];
          console.error(
            `redress report: ${fields.map((f) => `${f.field} ${f.message}`).join("; ") || error.detail}`,
          );
          return error.status === 400 ? 2 : 1;
        }
        throw error;
      }
    });
  },
};

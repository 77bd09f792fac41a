import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import {
  type MonthlyReport,
  monthlyReportQuerySchema,
  monthlyReportSchema,
  reportListSchema,
} from "../../shared/reports.schema.js";
import { reportsAccess } from "./reports.policy.js";
import { renderReport } from "./reports.render.js";
import { getMonthlyReport, listArchivedReports } from "./reports.service.js";

/** R12: the monthly management report and the archive of generated ones. */
export const reportsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    "/reports/monthly",
    {
      schema: {
        tags: ["reports"],
        description:
          "The monthly report (R12) of a calendar month in the organisation's time zone. A complete month's " +
          "report is generated once, archived and served from the archive afterwards; the current month's is " +
          "live (`complete: false`). format=csv is one table in long form (table, row, column, value); " +
          "xlsx has a Summary sheet then a sheet per table; pdf is printed by Chromium (503 when it is missing).",
        querystring: monthlyReportQuerySchema,
        response: { 200: monthlyReportSchema },
      },
      config: { access: reportsAccess.monthly },
    },
    async (request, reply) => {
      const { month, format } = request.query;
      const { report } = await getMonthlyReport(request.ctx, month, "query.month");
      if (format === "json") return report;
      const rendered = await renderReport(report, format, { chromiumPath: request.ctx.config.chromiumPath });
      // Fastify sends a Buffer as it is, without the serialiser: the 200 schema describes format=json only.
      return reply
        .type(rendered.contentType)
        .header("content-disposition", `attachment; filename="${rendered.filename}"`)
        .send(rendered.body as unknown as MonthlyReport);
    },
  );

  app.get(
    "/reports",
    {
      schema: {
        tags: ["reports"],
        description: "The reports archive, newest period first, with a download address per format.",
        response: { 200: reportListSchema },
      },
      config: { access: reportsAccess.archive },
    },
    async (request) => listArchivedReports(request.ctx),
  );
};

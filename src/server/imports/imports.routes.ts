import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { importFormSchema, importReportSchema } from "../../shared/imports.schema.js";
import { multipartBody } from "../attachments/attachments.http.js";
import type { Access } from "../http/access.js";
import { importLegacyLog, parseMapping } from "./imports.service.js";

/** R2: loading an old complaint log is an administrator's one-off job, like `redress import`. */
export const importsAccess = { import: { roles: ["admin"] } } satisfies Record<string, Access>;

export const importsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    "/imports",
    {
      schema: {
        tags: ["imports"],
        description:
          "Import a legacy complaint log (multipart/form-data: `file` as CSV or XLSX in the S0 columns Date, Customer " +
          "Name, Contact Info, Complaint Details, Status, Handler, Actions Taken, Resolution/Closure Date; `mapping` " +
          "for other headings; `dryRun`, `skipBad`, `dateOrder`, `channel`). A dry run reports row by row and writes " +
          "nothing; bad rows refuse the whole file (422, each row with its reason) unless skipBad; rows imported " +
          "before are not imported again.",
        consumes: ["multipart/form-data"],
        body: importFormSchema,
        response: { 200: importReportSchema, 201: importReportSchema },
      },
      config: {
        access: importsAccess.import,
        multipart: true,
        // Its status depends on the outcome (200 or 201), which one stored status cannot replay.
        idempotent: {
          exempt: "rows already imported are skipped by their key: a retried file imports none twice",
        },
      },
      preValidation: multipartBody,
    },
    async (request, reply) => {
      const { file, dryRun, skipBad, dateOrder, channel, mapping } = request.body;
      const report = await importLegacyLog(
        request.ctx,
        { name: file[0]!.filename, bytes: file[0]!.bytes },
        {
          dryRun: dryRun ?? false,
          skipBad: skipBad ?? false,
          dateOrder: dateOrder ?? "auto",
          channel: channel ?? "api",
          mapping: parseMapping(mapping),
        },
      );
      return reply.code(report.dryRun || report.counts.imported === 0 ? 200 : 201).send(report);
    },
  );
};

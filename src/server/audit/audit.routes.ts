import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  auditTrailExportQuerySchema,
  auditTrailQuerySchema,
  auditTrailSchema,
} from "../../shared/audit.schema.js";
import type { Access } from "../http/access.js";
import { verifyAndAlert } from "./audit.alerts.js";
import { exportAuditTrailCsv, listAuditTrail } from "./audit.trail.js";

export const auditAccess = {
  verify: { roles: ["auditor", "admin", "records", "quality"] },
  /** ISO 10002 8.5 / Part 11 §11.10(e): the full trail is for those who audit the process. */
  trail: { roles: ["auditor", "admin", "records", "quality"] },
} satisfies Record<string, Access>;

export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    "/audit/verify",
    {
      schema: {
        tags: ["audit"],
        description: "Recomputes the whole audit trail's hash chains and seals (R2, Part 11 §11.10(a)).",
        response: {
          200: z.object({
            ok: z.boolean(),
            events: z.number().int(),
            seals: z.number().int(),
            firstBrokenEvent: z.number().int().optional(),
            problems: z.array(z.string()),
          }),
        },
      },
      config: { access: auditAccess.verify },
    },
    // A break found on demand alerts the admins too (R2).
    async (request) => verifyAndAlert(request.ctx, "on demand"),
  );

  app.get(
    "/audit/events",
    {
      schema: {
        tags: ["audit"],
        description:
          "The whole audit trail, newest first, filtered by stream, case, actor, action (case.* for a kind) and time; " +
          "personal values shown (or [erased]).",
        querystring: auditTrailQuerySchema,
        response: { 200: auditTrailSchema },
      },
      config: { access: auditAccess.trail },
    },
    async (request) => listAuditTrail(request.ctx, request.query),
  );

  app.get(
    "/audit/events/export",
    {
      schema: {
        tags: ["audit"],
        description: "The filtered audit trail as CSV, newest first (one row per event, changes as JSON).",
        querystring: auditTrailExportQuerySchema,
      },
      config: { access: auditAccess.trail },
    },
    async (request, reply) => {
      const { format: _format, ...filter } = request.query;
      const stream = await exportAuditTrailCsv(request.ctx, filter);
      const stamp = request.ctx.clock.now().toISOString().slice(0, 10);
      return reply
        .type("text/csv; charset=utf-8")
        .header("content-disposition", `attachment; filename="audit-trail-${stamp}.csv"`)
        .send(stream);
    },
  );
};

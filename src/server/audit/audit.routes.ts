import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Access } from "../http/access.js";
import { verifyAuditTrail } from "./audit.verify.js";

export const auditAccess = {
  verify: { roles: ["auditor", "admin", "records", "quality"] },
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
    async (request) => verifyAuditTrail(request.ctx.db),
  );
};

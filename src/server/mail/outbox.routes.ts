import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { idParams, queryObject } from "../../shared/common.schema.js";
import type { Access } from "../http/access.js";
import { listOutbox, resendDeadMessage } from "./outbox.service.js";

export const outboxAccess = { admin: { roles: ["admin"] } } satisfies Record<string, Access>;

const messageSchema = z
  .object({
    id: z.uuid(),
    caseId: z.uuid().nullable(),
    to: z.string(),
    subject: z.string(),
    status: z.enum(["pending", "sending", "sent", "dead"]),
    attempts: z.number().int(),
    nextAttemptAt: z.iso.datetime(),
    lastError: z.string().nullable(),
    createdAt: z.iso.datetime(),
    sentAt: z.iso.datetime().nullable(),
  })
  .meta({ id: "OutboxMessage" });

/** R7: what waits, what was sent, what could not be delivered — and resend for the last. */
export const outboxRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    "/outbox",
    {
      schema: {
        tags: ["mail"],
        querystring: queryObject({
          status: z.enum(["pending", "sending", "sent", "dead"]).optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
          cursor: z.uuid().optional(),
        }),
        response: { 200: z.object({ items: z.array(messageSchema), nextCursor: z.string().nullable() }) },
      },
      config: { access: outboxAccess.admin },
    },
    async (request) => listOutbox(request.ctx, request.query),
  );

  app.post(
    "/outbox/:id/resend",
    {
      schema: { tags: ["mail"], params: idParams, response: { 200: messageSchema } },
      config: { access: outboxAccess.admin, idempotent: { status: 200 } },
    },
    async (request) => resendDeadMessage(request.ctx, request.params.id),
  );
};

import { and, desc, eq, lt } from "drizzle-orm";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { idParams, queryObject } from "../../shared/common.schema.js";
import type { Ctx } from "../context.js";
import { outbox } from "../db/schema/index.js";
import { transact } from "../db/transact.js";
import { AppError, notFound } from "../errors.js";
import type { Access } from "../http/access.js";

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

const view = (m: typeof outbox.$inferSelect) => ({
  id: m.id,
  caseId: m.caseId,
  to: m.toAddress,
  subject: m.subject,
  status: m.status,
  attempts: m.attempts,
  nextAttemptAt: m.nextAttemptAt.toISOString(),
  lastError: m.lastError,
  createdAt: m.createdAt.toISOString(),
  sentAt: m.sentAt?.toISOString() ?? null,
});

/**
 * Dead letters go back in the queue as new: an admin has fixed the address or the mail server. In one
 * `transact`, so a retry with its Idempotency-Key gets this answer rather than a second send.
 */
async function resend(ctx: Ctx, id: string) {
  return transact(ctx, async (tx) => {
    const [row] = await tx
      .update(outbox)
      .set({ status: "pending", attempts: 0, nextAttemptAt: ctx.clock.now(), lastError: null })
      .where(and(eq(outbox.id, id), eq(outbox.status, "dead")))
      .returning();
    if (row) return view(row);
    const [existing] = await tx.select({ status: outbox.status }).from(outbox).where(eq(outbox.id, id));
    if (!existing) throw notFound(`outbox message ${id}`, "list them with GET /api/v1/outbox");
    throw new AppError("not_dead", 409, `message ${id} is ${existing.status}; only dead messages are resent`);
  });
}

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
    async (request) => {
      const { status, limit, cursor } = request.query;
      const rows = await request.ctx.db
        .select()
        .from(outbox)
        .where(
          and(status ? eq(outbox.status, status) : undefined, cursor ? lt(outbox.id, cursor) : undefined),
        )
        .orderBy(desc(outbox.id))
        .limit(limit + 1);
      const page = rows.slice(0, limit);
      return { items: page.map(view), nextCursor: rows.length > limit ? page.at(-1)!.id : null };
    },
  );

  app.post(
    "/outbox/:id/resend",
    {
      schema: { tags: ["mail"], params: idParams, response: { 200: messageSchema } },
      config: { access: outboxAccess.admin, idempotent: { status: 200 } },
    },
    async (request) => resend(request.ctx, request.params.id),
  );
};

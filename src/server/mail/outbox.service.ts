import { and, desc, eq, lt } from "drizzle-orm";
import { appendAudit } from "../audit/audit.service.js";
import type { Ctx } from "../context.js";
import { correspondence, outbox } from "../db/schema/index.js";
import { transact } from "../db/transact.js";
import { AppError, notFound } from "../errors.js";

export type OutboxStatus = (typeof outbox.$inferSelect)["status"];

/** A message as the API shows it (`OutboxMessage`): the address, not the body. */
const outboxMessageView = (m: typeof outbox.$inferSelect) => ({
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

export type OutboxMessageView = ReturnType<typeof outboxMessageView>;

/** R7: the queue newest first, one page (keyset on the message id). */
export async function listOutbox(
  ctx: Ctx,
  query: { status?: OutboxStatus; limit: number; cursor?: string },
): Promise<{ items: OutboxMessageView[]; nextCursor: string | null }> {
  const { status, limit, cursor } = query;
  const rows = await ctx.db
    .select()
    .from(outbox)
    .where(and(status ? eq(outbox.status, status) : undefined, cursor ? lt(outbox.id, cursor) : undefined))
    .orderBy(desc(outbox.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  return { items: page.map(outboxMessageView), nextCursor: rows.length > limit ? page.at(-1)!.id : null };
}

/**
 * A dead letter goes back in the queue as new: an admin has fixed the address or the mail server. Its
 * copy on the case file shows delivery pending again, and the resend is audited — on the case's stream
 * when the message belongs to a case, so it shows in the case's history. In one `transact` whose result is
 * the answer, so a retry with its Idempotency-Key gets this answer rather than a second send.
 */
export async function resendDeadMessage(ctx: Ctx, id: string): Promise<OutboxMessageView> {
  return transact(ctx, async (tx) => {
    const now = ctx.clock.now();
    const [row] = await tx
      .update(outbox)
      .set({ status: "pending", attempts: 0, nextAttemptAt: now, lastError: null })
      .where(and(eq(outbox.id, id), eq(outbox.status, "dead")))
      .returning();
    if (!row) {
      const [existing] = await tx.select({ status: outbox.status }).from(outbox).where(eq(outbox.id, id));
      if (!existing) throw notFound(`outbox message ${id}`, "list them with GET /api/v1/outbox");
      throw new AppError(
        "not_dead",
        409,
        `message ${id} is ${existing.status}; only dead messages are resent`,
      );
    }
    if (row.correspondenceId) {
      await tx
        .update(correspondence)
        .set({ deliveryStatus: "pending" })
        .where(eq(correspondence.id, row.correspondenceId));
    }
    await appendAudit(tx, ctx.actor, now, {
      stream: row.caseId ? `case:${row.caseId}` : `outbox:${row.id}`,
      caseId: row.caseId,
      action: "email.resent",
      // Not the address nor the mail server's last error (which may quote the address): personal data.
      changes: { message: { new: row.id }, status: { old: "dead", new: "pending" } },
    });
    return outboxMessageView(row);
  });
}

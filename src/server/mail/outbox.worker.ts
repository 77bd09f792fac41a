import { and, eq, sql } from "drizzle-orm";
import { applyCaseAction } from "../cases/cases.actions.js";
import { lockCaseById } from "../cases/cases.queries.js";
import type { Ctx } from "../context.js";
import { type Db, queryRows } from "../db/client.js";
import { correspondence, outbox } from "../db/schema/index.js";
import { transact } from "../db/transact.js";
import { notifyRole } from "../notifications/notifications.service.js";
import { MailError, type Mailer } from "./mailer.js";

/** A message is leased for this long; one not marked by then (the sender died) is sent again. */
const LEASE_MS = 2 * 60_000;
/** 1, 2, 4 … 60 minutes: eight tries spread over about three hours before a message is dead. */
export const MAX_ATTEMPTS = 8;
export const backoffMs = (attempts: number) => Math.min(3_600_000, 60_000 * 2 ** (attempts - 1));

type OutboxRow = typeof outbox.$inferSelect;

/** Leases due messages in one statement; SKIP LOCKED keeps two instances off the same message. */
async function claim(db: Db, now: Date, limit: number): Promise<OutboxRow[]> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`UPDATE outbox SET status = 'sending', lease_until = ${new Date(now.getTime() + LEASE_MS)}, attempts = attempts + 1
        WHERE id IN (
          SELECT id FROM outbox
          WHERE (status = 'pending' AND next_attempt_at <= ${now}) OR (status = 'sending' AND lease_until <= ${now})
          ORDER BY next_attempt_at LIMIT ${limit} FOR UPDATE SKIP LOCKED)
        RETURNING id`,
  );
  if (rows.length === 0) return [];
  return db
    .select()
    .from(outbox)
    .where(sql`${outbox.id} IN ${rows.map((r) => r.id)}`);
}

/**
 * R7: sends what is due. Marked sent only after the server took it; a crash in between sends it again
 * with the same Message-ID (never lost; a duplicate is recognisable as one). Returns what happened.
 */
export async function deliverOutbox(ctx: Ctx, mailer: Mailer, limit = 20) {
  const result = { sent: 0, retried: 0, dead: 0 };
  const messages = await claim(ctx.db, ctx.clock.now(), limit);
  for (const message of messages) {
    try {
      await mailer.send({
        from: ctx.config.mailFrom,
        to: message.toAddress,
        subject: message.subject,
        text: message.textBody,
        html: message.htmlBody,
        messageId: message.messageId,
      });
      await markSent(ctx, message);
      result.sent += 1;
    } catch (error) {
      const dead = await markFailed(ctx, message, error);
      result[dead ? "dead" : "retried"] += 1;
    }
  }
  return result;
}

async function markSent(ctx: Ctx, message: OutboxRow): Promise<void> {
  await transact(ctx, async (tx) => {
    const now = ctx.clock.now();
    const marked = await tx
      .update(outbox)
      .set({ status: "sent", sentAt: now, leaseUntil: null, lastError: null })
      .where(and(eq(outbox.id, message.id), eq(outbox.status, "sending")))
      .returning({ id: outbox.id });
    if (marked.length === 0) return;
    if (message.correspondenceId) {
      await tx
        .update(correspondence)
        .set({ deliveryStatus: "sent", occurredAt: now })
        .where(eq(correspondence.id, message.correspondenceId));
    }
    if (message.onSent === "acknowledge" && message.caseId) {
      // R7: the acknowledgment email is the acknowledge step, unless staff acknowledged first.
      const row = await lockCaseById(tx, message.caseId);
      if (row?.status === "new")
        await applyCaseAction(tx, ctx, row, "acknowledge", { note: "Acknowledgment email sent" });
    }
  });
}

async function markFailed(ctx: Ctx, message: OutboxRow, error: unknown): Promise<boolean> {
  const permanent = error instanceof MailError && error.permanent;
  const dead = permanent || message.attempts >= MAX_ATTEMPTS;
  const now = ctx.clock.now();
  const lastError = (error as Error).message.slice(0, 500);
  await transact(ctx, async (tx) => {
    await tx
      .update(outbox)
      .set(
        dead
          ? { status: "dead", leaseUntil: null, lastError }
          : {
              status: "pending",
              leaseUntil: null,
              lastError,
              nextAttemptAt: new Date(now.getTime() + backoffMs(message.attempts)),
            },
      )
      .where(and(eq(outbox.id, message.id), eq(outbox.status, "sending")));
    if (!dead) return;
    if (message.correspondenceId) {
      await tx
        .update(correspondence)
        .set({ deliveryStatus: "failed" })
        .where(eq(correspondence.id, message.correspondenceId));
    }
    await notifyRole(
      tx,
      "admin",
      {
        caseId: message.caseId,
        kind: "email.dead",
        message: `An email to ${message.toAddress} could not be delivered: ${lastError}`,
      },
      now,
    );
  });
  return dead;
}

import { and, eq, inArray, isNotNull } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { cases, correspondence, type InboundOutcome, inboundMessages, outbox } from "../db/schema/index.js";

/**
 * Claims a Message-ID for this transaction. A second copy (another poller, a retried upload) waits here
 * on the first one's row and, once that commits, finds it taken: false.
 */
export async function claimMessageId(
  tx: Db,
  row: { messageId: string; receivedAt: Date; via: string },
): Promise<boolean> {
  const inserted = await tx
    .insert(inboundMessages)
    // Provisional: settled by recordOutcome before this transaction commits, so no one sees it.
    .values({ ...row, outcome: "ignored", reason: "in progress" })
    .onConflictDoNothing()
    .returning({ messageId: inboundMessages.messageId });
  return inserted.length === 1;
}

export async function recordOutcome(
  tx: Db,
  messageId: string,
  result: { outcome: InboundOutcome; reason: string | null; caseId?: string; correspondenceId?: string },
): Promise<void> {
  await tx
    .update(inboundMessages)
    .set({
      outcome: result.outcome,
      reason: result.reason,
      caseId: result.caseId ?? null,
      correspondenceId: result.correspondenceId ?? null,
    })
    .where(eq(inboundMessages.messageId, messageId));
}

/** What the first copy of a message became, for the answer to a duplicate. */
export async function findInboundMessage(db: Db, messageId: string) {
  const [row] = await db
    .select({ outcome: inboundMessages.outcome, reason: inboundMessages.reason, reference: cases.reference })
    .from(inboundMessages)
    .leftJoin(cases, eq(cases.id, inboundMessages.caseId))
    .where(eq(inboundMessages.messageId, messageId));
  return row;
}

/** Whether a Message-ID is one we sent (outbox) or already hold on a case file (correspondence). */
export async function isKnownMessageId(db: Db, messageId: string): Promise<boolean> {
  const [sent] = await db
    .select({ id: outbox.id })
    .from(outbox)
    .where(eq(outbox.messageId, messageId))
    .limit(1);
  if (sent) return true;
  const [held] = await db
    .select({ id: correspondence.id })
    .from(correspondence)
    .where(eq(correspondence.messageId, messageId))
    .limit(1);
  return Boolean(held);
}

/** The case of each of these Message-IDs that we sent or received, by Message-ID. */
export async function casesOfMessageIds(db: Db, messageIds: string[]): Promise<Map<string, string>> {
  if (messageIds.length === 0) return new Map();
  const sent = await db
    .select({ messageId: outbox.messageId, caseId: outbox.caseId })
    .from(outbox)
    .where(and(inArray(outbox.messageId, messageIds), isNotNull(outbox.caseId)));
  const held = await db
    .select({ messageId: correspondence.messageId, caseId: correspondence.caseId })
    .from(correspondence)
    .where(inArray(correspondence.messageId, messageIds));
  const found = new Map<string, string>();
  for (const row of [...sent, ...held]) if (row.messageId && row.caseId) found.set(row.messageId, row.caseId);
  return found;
}

/** The cases these references name (references are stored upper-case). */
export async function casesByReference(db: Db, references: string[]) {
  if (references.length === 0) return [];
  return db
    .select({ id: cases.id, reference: cases.reference })
    .from(cases)
    .where(inArray(cases.reference, references));
}

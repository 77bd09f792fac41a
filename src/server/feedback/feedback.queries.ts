import { and, asc, desc, eq, inArray, isNull, lte, sql } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { customers, feedbackInvitations, feedbackResponses } from "../db/schema/index.js";

export type InvitationRow = typeof feedbackInvitations.$inferSelect;
export type ResponseRow = typeof feedbackResponses.$inferSelect;

export async function insertInvitation(db: Db, row: typeof feedbackInvitations.$inferInsert): Promise<void> {
  await db.insert(feedbackInvitations).values(row);
}

/** The case's latest invitation (a reopened and closed-again case has been invited twice). */
export async function latestInvitation(db: Db, caseId: string): Promise<InvitationRow | undefined> {
  const [row] = await db
    .select()
    .from(feedbackInvitations)
    .where(eq(feedbackInvitations.caseId, caseId))
    .orderBy(desc(feedbackInvitations.invitedAt), desc(feedbackInvitations.id))
    .limit(1);
  return row;
}

export async function listCaseSurveys(db: Db, caseId: string) {
  const invitations = await db
    .select()
    .from(feedbackInvitations)
    .where(eq(feedbackInvitations.caseId, caseId))
    .orderBy(asc(feedbackInvitations.invitedAt), asc(feedbackInvitations.id));
  const responses = invitations.length
    ? await db
        .select()
        .from(feedbackResponses)
        .where(
          inArray(
            feedbackResponses.invitationId,
            invitations.map((i) => i.id),
          ),
        )
    : [];
  return invitations.map((invitation) => ({
    invitation,
    response: responses.find((r) => r.invitationId === invitation.id) ?? null,
  }));
}

/**
 * Records an answer and marks its invitation answered, only if it is still open: under two racing
 * answers exactly one update matches, and the unique index on invitation_id backs that up.
 */
export async function insertResponse(db: Db, row: typeof feedbackResponses.$inferInsert): Promise<boolean> {
  const marked = await db
    .update(feedbackInvitations)
    .set({ answeredAt: row.answeredAt })
    .where(and(eq(feedbackInvitations.id, row.invitationId), isNull(feedbackInvitations.answeredAt)))
    .returning({ id: feedbackInvitations.id });
  if (marked.length === 0) return false;
  await db.insert(feedbackResponses).values(row);
  return true;
}

const reminderDue = (now: Date) =>
  and(
    lte(feedbackInvitations.remindAt, now),
    isNull(feedbackInvitations.remindedAt),
    isNull(feedbackInvitations.answeredAt),
    sql`${feedbackInvitations.expiresAt} > ${now}`,
  );

/** Invitations whose reminder is due (not locked: the caller locks each case first, then re-checks). */
export async function dueReminders(
  db: Db,
  now: Date,
  limit: number,
): Promise<{ id: string; caseId: string }[]> {
  return db
    .select({ id: feedbackInvitations.id, caseId: feedbackInvitations.caseId })
    .from(feedbackInvitations)
    .where(reminderDue(now))
    .orderBy(asc(feedbackInvitations.remindAt))
    .limit(limit);
}

/** The invitation if its reminder is still due, with the case already locked by the caller. */
export async function recheckReminder(db: Db, id: string, now: Date): Promise<InvitationRow | undefined> {
  const [row] = await db
    .select()
    .from(feedbackInvitations)
    .where(and(eq(feedbackInvitations.id, id), reminderDue(now)));
  return row;
}

export async function markReminded(db: Db, id: string, now: Date): Promise<void> {
  await db.update(feedbackInvitations).set({ remindedAt: now }).where(eq(feedbackInvitations.id, id));
}

/** The customer's email and name as the case knows them, for the invitation. */
export async function customerContact(
  db: Db,
  customerId: string,
): Promise<{ email: string | null; name: string | null } | undefined> {
  const [row] = await db
    .select({ email: customers.email, name: customers.name })
    .from(customers)
    .where(eq(customers.id, customerId));
  return row;
}

import { and, asc, desc, eq, lt, ne } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { capas, managementReviews, reports, reviewActions } from "../db/schema/index.js";

export type ReviewRow = typeof managementReviews.$inferSelect;

export async function insertReview(db: Db, row: typeof managementReviews.$inferInsert): Promise<void> {
  await db.insert(managementReviews).values(row);
}

export async function insertReviewActions(
  db: Db,
  rows: (typeof reviewActions.$inferInsert)[],
): Promise<void> {
  if (rows.length) await db.insert(reviewActions).values(rows);
}

export async function findReview(db: Db, id: string): Promise<ReviewRow | undefined> {
  const [row] = await db.select().from(managementReviews).where(eq(managementReviews.id, id));
  return row;
}

export function listReviews(db: Db, limit: number): Promise<ReviewRow[]> {
  return db
    .select()
    .from(managementReviews)
    .orderBy(desc(managementReviews.heldOn), desc(managementReviews.id))
    .limit(limit);
}

const actionColumns = { action: reviewActions, capaReference: capas.reference };

export function actionsOfReview(db: Db, reviewId: string) {
  return db
    .select(actionColumns)
    .from(reviewActions)
    .leftJoin(capas, eq(capas.id, reviewActions.capaId))
    .where(eq(reviewActions.reviewId, reviewId))
    .orderBy(asc(reviewActions.id));
}

/** Actions of reviews held before this one that are still open: the follow-up list (ISO 10002 9.4). */
export function openActionsBefore(db: Db, review: ReviewRow) {
  return db
    .select({ ...actionColumns, reviewPeriod: managementReviews.period })
    .from(reviewActions)
    .innerJoin(managementReviews, eq(managementReviews.id, reviewActions.reviewId))
    .leftJoin(capas, eq(capas.id, reviewActions.capaId))
    .where(
      and(
        eq(reviewActions.status, "open"),
        ne(reviewActions.reviewId, review.id),
        lt(managementReviews.heldOn, review.heldOn),
      ),
    )
    .orderBy(asc(managementReviews.heldOn), asc(reviewActions.id));
}

export async function lockReviewAction(db: Db, reviewId: string, actionId: string) {
  const [row] = await db
    .select()
    .from(reviewActions)
    .where(and(eq(reviewActions.reviewId, reviewId), eq(reviewActions.id, actionId)))
    .for("update");
  return row;
}

export async function updateReviewAction(
  db: Db,
  id: string,
  patch: Partial<typeof reviewActions.$inferInsert>,
): Promise<void> {
  await db.update(reviewActions).set(patch).where(eq(reviewActions.id, id));
}

export async function monthlyReportId(db: Db, month: string): Promise<string | undefined> {
  const [row] = await db
    .select({ id: reports.id })
    .from(reports)
    .where(and(eq(reports.kind, "monthly"), eq(reports.period, month)));
  return row?.id;
}

export async function reportPeriod(db: Db, id: string | null): Promise<string | null> {
  if (!id) return null;
  const [row] = await db.select({ period: reports.period }).from(reports).where(eq(reports.id, id));
  return row?.period ?? null;
}

import { and, asc, desc, eq, isNull, lte } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { procedures, processFeedback } from "../db/schema/index.js";

export type ProcedureRow = typeof procedures.$inferSelect;

export async function findProcedure(db: Db, id: string): Promise<ProcedureRow | undefined> {
  const [row] = await db.select().from(procedures).where(eq(procedures.id, id));
  return row;
}

export const listProcedureRows = (db: Db) =>
  db.select().from(procedures).orderBy(asc(procedures.reviewDate), asc(procedures.id));

export async function insertProcedure(db: Db, row: typeof procedures.$inferInsert): Promise<void> {
  await db.insert(procedures).values(row);
}

export async function updateProcedure(db: Db, id: string, patch: Partial<ProcedureRow>): Promise<void> {
  await db.update(procedures).set(patch).where(eq(procedures.id, id));
}

/** Procedures whose review falls on or before `horizon` and whose owner has not been reminded this cycle. */
export const claimReviewReminders = (db: Db, horizon: string) =>
  db
    .select()
    .from(procedures)
    .where(and(lte(procedures.reviewDate, horizon), isNull(procedures.reviewRemindedAt)))
    .for("update", { skipLocked: true });

export async function insertProcessFeedback(db: Db, row: typeof processFeedback.$inferInsert): Promise<void> {
  await db.insert(processFeedback).values(row);
}

export const latestProcessFeedback = (db: Db, limit: number) =>
  db.select().from(processFeedback).orderBy(desc(processFeedback.createdAt)).limit(limit);

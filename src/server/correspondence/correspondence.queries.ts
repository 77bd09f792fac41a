import { and, asc, eq, gt } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { correspondence, users } from "../db/schema/index.js";

export type CorrespondenceRow = typeof correspondence.$inferSelect;

export async function insertCorrespondence(db: Db, row: typeof correspondence.$inferInsert): Promise<void> {
  await db.insert(correspondence).values(row);
}

export async function findCorrespondence(db: Db, id: string) {
  const [row] = await db
    .select({ item: correspondence, authorName: users.name })
    .from(correspondence)
    .leftJoin(users, eq(users.id, correspondence.authorId))
    .where(eq(correspondence.id, id));
  return row;
}

/** A case's correspondence in the order it happened; `afterId` pages on (ids are time-ordered UUIDv7). */
export async function listCaseCorrespondence(db: Db, caseId: string, limit: number, afterId?: string) {
  return db
    .select({ item: correspondence, authorName: users.name })
    .from(correspondence)
    .leftJoin(users, eq(users.id, correspondence.authorId))
    .where(and(eq(correspondence.caseId, caseId), afterId ? gt(correspondence.id, afterId) : undefined))
    .orderBy(asc(correspondence.occurredAt), asc(correspondence.id))
    .limit(limit);
}

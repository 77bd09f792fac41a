import { asc, eq, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db } from "../db/client.js";
import { actionItems, caseInvestigations, users } from "../db/schema/index.js";

export type InvestigationRow = typeof caseInvestigations.$inferSelect;
export type ActionItemRow = typeof actionItems.$inferSelect;

export async function findInvestigation(db: Db, caseId: string) {
  const decider = alias(users, "decider");
  const [row] = await db
    .select({ investigation: caseInvestigations, deciderName: decider.name })
    .from(caseInvestigations)
    .leftJoin(decider, eq(decider.id, caseInvestigations.decidedById))
    .where(eq(caseInvestigations.caseId, caseId));
  return row;
}

export async function upsertInvestigation(db: Db, row: InvestigationRow): Promise<void> {
  const { caseId: _caseId, ...rest } = row;
  await db
    .insert(caseInvestigations)
    .values(row)
    .onConflictDoUpdate({ target: caseInvestigations.caseId, set: rest });
}

export async function listActionItems(db: Db, caseId: string) {
  return db
    .select({ item: actionItems, ownerName: users.name })
    .from(actionItems)
    .leftJoin(users, eq(users.id, actionItems.ownerId))
    .where(eq(actionItems.caseId, caseId))
    .orderBy(asc(actionItems.createdAt), asc(actionItems.id));
}

export async function countOpenActionItems(db: Db, caseId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(actionItems)
    .where(sql`${actionItems.caseId} = ${caseId} AND ${actionItems.status} = 'open'`);
  return Number(row?.n ?? 0);
}

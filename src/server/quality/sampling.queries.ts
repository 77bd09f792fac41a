import { and, asc, desc, eq, gte, inArray, lt, sql } from "drizzle-orm";
import type { Role } from "../../shared/enums.js";
import type { Db } from "../db/client.js";
import { capas, cases, qualitySamples, sampleItems, users } from "../db/schema/index.js";

export type SampleRow = typeof qualitySamples.$inferSelect;
export type SampleItemRow = typeof sampleItems.$inferSelect;

/** R13: the cases closed in a month (closed or since archived): the population a sample is drawn from. */
export async function closedInPeriod(db: Db, start: Date, end: Date): Promise<string[]> {
  const rows = await db
    .select({ id: cases.id })
    .from(cases)
    .where(
      and(inArray(cases.status, ["closed", "archived"]), gte(cases.closedAt, start), lt(cases.closedAt, end)),
    );
  return rows.map((r) => r.id);
}

/** Active people who check samples: quality first, then managers. */
export async function samplers(db: Db): Promise<string[]> {
  const rows = await db
    .select({ id: users.id, roles: users.roles })
    .from(users)
    .where(and(eq(users.active, 1), sql`${users.roles} && ARRAY['quality', 'manager']::text[]`))
    .orderBy(asc(users.name), asc(users.id));
  const rank = (roles: Role[]) => (roles.includes("quality") ? 0 : 1);
  return rows.sort((a, b) => rank(a.roles) - rank(b.roles)).map((r) => r.id);
}

/** Inserts the sample unless its month already has one (two instances drawing at once: one wins). */
export async function insertSample(db: Db, row: SampleRow): Promise<boolean> {
  const inserted = await db
    .insert(qualitySamples)
    .values(row)
    .onConflictDoNothing({ target: qualitySamples.period })
    .returning({ id: qualitySamples.id });
  return inserted.length === 1;
}

export async function insertSampleItems(db: Db, rows: (typeof sampleItems.$inferInsert)[]): Promise<void> {
  if (rows.length) await db.insert(sampleItems).values(rows);
}

export async function findSample(db: Db, period: string): Promise<SampleRow | undefined> {
  const [row] = await db.select().from(qualitySamples).where(eq(qualitySamples.period, period));
  return row;
}

export function listSamples(db: Db, limit: number): Promise<SampleRow[]> {
  return db.select().from(qualitySamples).orderBy(desc(qualitySamples.period)).limit(limit);
}

export function itemsOfSample(db: Db, sampleId: string) {
  return db
    .select({
      item: sampleItems,
      reference: cases.reference,
      summary: cases.summary,
      reviewerName: users.name,
    })
    .from(sampleItems)
    .innerJoin(cases, eq(cases.id, sampleItems.caseId))
    .leftJoin(users, eq(users.id, sampleItems.reviewerId))
    .where(eq(sampleItems.sampleId, sampleId))
    .orderBy(asc(cases.reference));
}

export async function lockSampleItem(
  db: Db,
  sampleId: string,
  itemId: string,
): Promise<SampleItemRow | undefined> {
  const [row] = await db
    .select()
    .from(sampleItems)
    .where(and(eq(sampleItems.sampleId, sampleId), eq(sampleItems.id, itemId)))
    .for("update");
  return row;
}

export async function updateSampleItem(db: Db, id: string, patch: Partial<SampleItemRow>): Promise<void> {
  await db.update(sampleItems).set(patch).where(eq(sampleItems.id, id));
}

export async function referenceOfCase(db: Db, caseId: string): Promise<string> {
  const [row] = await db.select({ reference: cases.reference }).from(cases).where(eq(cases.id, caseId));
  return row!.reference;
}

export async function capaReferences(db: Db, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: capas.id, reference: capas.reference })
    .from(capas)
    .where(inArray(capas.id, ids));
  return new Map(rows.map((r) => [r.id, r.reference]));
}

import { and, asc, eq, gt, inArray, lt, lte, or, type SQL, sql } from "drizzle-orm";
import { CAPA_ACTIVE_STATUSES } from "../../shared/capa.schema.js";
import { type Db, queryRows } from "../db/client.js";
import { type CapaStatus, capaCases, capas, cases, users } from "../db/schema/index.js";

export type CapaRow = typeof capas.$inferSelect;
export type CapaWithOwner = { capa: CapaRow; ownerName: string | null };

/** CAPA-2026-0001: gapless per year, from the counters case references use (locked until commit). */
export async function nextCapaReference(db: Db, year: number): Promise<string> {
  const [row] = await queryRows<{ last: number }>(
    db,
    sql`INSERT INTO reference_counters (prefix, year, last) VALUES ('CAPA', ${year}, 1)
        ON CONFLICT (prefix, year) DO UPDATE SET last = reference_counters.last + 1
        RETURNING last`,
  );
  return `CAPA-${year}-${String(row!.last).padStart(4, "0")}`;
}

export async function insertCapa(db: Db, row: typeof capas.$inferInsert): Promise<void> {
  await db.insert(capas).values(row);
}

export async function updateCapa(
  db: Db,
  id: string,
  patch: Partial<typeof capas.$inferInsert>,
): Promise<void> {
  await db.update(capas).set(patch).where(eq(capas.id, id));
}

export async function linkCapaCases(db: Db, capaId: string, caseIds: string[]): Promise<void> {
  if (caseIds.length === 0) return;
  await db
    .insert(capaCases)
    .values(caseIds.map((caseId) => ({ capaId, caseId })))
    .onConflictDoNothing();
}

export function findCasesByReferences(db: Db, references: string[]) {
  return db
    .select({ id: cases.id, reference: cases.reference, status: cases.status })
    .from(cases)
    .where(inArray(cases.reference, references));
}

const withOwner = (db: Db) =>
  db.select({ capa: capas, ownerName: users.name }).from(capas).leftJoin(users, eq(users.id, capas.ownerId));

export async function findCapa(db: Db, reference: string): Promise<CapaWithOwner | undefined> {
  const [row] = await withOwner(db).where(eq(capas.reference, reference));
  return row;
}

export async function lockCapa(db: Db, reference: string): Promise<CapaRow | undefined> {
  const [row] = await db.select().from(capas).where(eq(capas.reference, reference)).for("update");
  return row;
}

export async function casesOfCapas(db: Db, capaIds: string[]) {
  if (capaIds.length === 0) return [];
  return db
    .select({
      capaId: capaCases.capaId,
      reference: cases.reference,
      summary: cases.summary,
      status: cases.status,
    })
    .from(capaCases)
    .innerJoin(cases, eq(cases.id, capaCases.caseId))
    .where(inArray(capaCases.capaId, capaIds))
    .orderBy(asc(cases.reference));
}

export interface CapaFilter {
  status?: CapaStatus | undefined;
  ownerId?: string | undefined;
  due?: "overdue" | "check" | "any" | undefined;
  /** Today in the organisation's time zone, YYYY-MM-DD. */
  today: string;
  after?: { dueDate: string; id: string } | undefined;
}

const active = inArray(capas.status, [...CAPA_ACTIVE_STATUSES]);
export const overdueSql = (today: string) => and(active, lt(capas.dueDate, today));
export const checkDueSql = (today: string) =>
  and(eq(capas.status, "implemented"), lte(capas.effectivenessCheckDate, today));

/** The CAPA register, soonest due first, keyset-paginated on (due date, id). */
export function listCapaPage(db: Db, filter: CapaFilter, limit: number): Promise<CapaWithOwner[]> {
  const due: Record<string, SQL | undefined> = {
    overdue: overdueSql(filter.today),
    check: checkDueSql(filter.today),
    any: or(overdueSql(filter.today), checkDueSql(filter.today)),
  };
  const after = filter.after;
  return withOwner(db)
    .where(
      and(
        filter.status ? eq(capas.status, filter.status) : undefined,
        filter.ownerId ? eq(capas.ownerId, filter.ownerId) : undefined,
        filter.due ? due[filter.due] : undefined,
        after
          ? or(
              gt(capas.dueDate, after.dueDate),
              and(eq(capas.dueDate, after.dueDate), gt(capas.id, after.id)),
            )
          : undefined,
      ),
    )
    .orderBy(asc(capas.dueDate), asc(capas.id))
    .limit(limit);
}

/** R6: cases per root cause category since a date, with the CAPAs raised from them. */
export function rootCauseGroups(db: Db, since: Date) {
  return queryRows<{
    category: string;
    cases: number;
    open_cases: number;
    last_seen_at: string | Date;
    capas: { reference: string; status: CapaStatus }[] | null;
  }>(
    db,
    sql`SELECT i.root_cause_category AS category,
               count(*)::int AS cases,
               count(*) FILTER (WHERE c.status NOT IN ('closed', 'archived'))::int AS open_cases,
               max(c.received_at) AS last_seen_at,
               (SELECT json_agg(DISTINCT jsonb_build_object('reference', p.reference, 'status', p.status))
                  FROM capa_cases pc JOIN capas p ON p.id = pc.capa_id
                  JOIN case_investigations i2 ON i2.case_id = pc.case_id
                  WHERE i2.root_cause_category = i.root_cause_category) AS capas
        FROM case_investigations i JOIN cases c ON c.id = i.case_id
        WHERE i.root_cause_category IS NOT NULL AND c.received_at >= ${since}
        GROUP BY i.root_cause_category
        ORDER BY cases DESC, category`,
  );
}

import {
  and,
  desc,
  eq,
  getTableColumns,
  gte,
  inArray,
  isNull,
  lt,
  lte,
  or,
  type SQL,
  sql,
} from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Status } from "../../shared/enums.js";
import { type Db, queryRows } from "../db/client.js";
import { cases, customers, users } from "../db/schema/index.js";

export type CaseRow = typeof cases.$inferSelect;
export type NewCase = Omit<typeof cases.$inferInsert, "reference" | "search">;

const owner = alias(users, "owner");

/** A case with what its page shows beside it: the customer and the owner's name. */
export const caseWithRelations = {
  case: cases,
  customer: { id: customers.id, name: customers.name, email: customers.email, phone: customers.phone },
  ownerName: owner.name,
};

export type CaseWithRelations = {
  case: CaseRow;
  customer: { id: string; name: string | null; email: string | null; phone: string | null } | null;
  ownerName: string | null;
};

function selectCases(db: Db) {
  return db
    .select(caseWithRelations)
    .from(cases)
    .leftJoin(customers, eq(customers.id, cases.customerId))
    .leftJoin(owner, eq(owner.id, cases.ownerId));
}

/**
 * R1: inserts the case with the next reference of its prefix and year. The counter row is incremented
 * in this transaction, so a rolled-back create gives its number back: references have no gaps.
 */
export async function insertCaseWithReference(db: Db, prefix: string, year: number, values: NewCase) {
  // Every given field, named by its column: nothing the caller sets can be left out of the statement.
  const columns = getTableColumns(cases);
  const given = Object.entries(values).filter(([key, value]) => value !== undefined && key in columns);
  const names = sql.join(
    given.map(([key]) => sql.identifier(columns[key as keyof typeof columns].name)),
    sql`, `,
  );
  const params = sql.join(
    given.map(([, value]) => sql`${value}`),
    sql`, `,
  );
  const [row] = await queryRows<{ reference: string }>(
    db,
    sql`WITH ctr AS (
          INSERT INTO reference_counters (prefix, year, last) VALUES (${prefix}, ${year}, 1)
          ON CONFLICT (prefix, year) DO UPDATE SET last = reference_counters.last + 1
          RETURNING last
        )
        INSERT INTO cases (reference, ${names})
        SELECT ${prefix} || '-' || ${year} || '-' || lpad(ctr.last::text, greatest(6, length(ctr.last::text)), '0'), ${params}
        FROM ctr
        RETURNING reference`,
  );
  return row!.reference;
}

export async function findCaseById(db: Db, id: string): Promise<CaseWithRelations | undefined> {
  const [row] = await selectCases(db).where(eq(cases.id, id));
  return row;
}

export async function findCaseByReference(db: Db, reference: string): Promise<CaseWithRelations | undefined> {
  const [row] = await selectCases(db).where(eq(cases.reference, reference.toUpperCase()));
  return row;
}

/** R5: the customer's complaints in this category received since `since` (for the recurrence rule). */
export async function countRecentComplaints(db: Db, customerId: string, category: string, since: Date) {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(cases)
    .where(
      and(
        eq(cases.customerId, customerId),
        eq(cases.type, "complaint"),
        sql`lower(${cases.category}) = ${category.toLowerCase()}`,
        gte(cases.receivedAt, since),
      ),
    );
  return Number(row?.n ?? 0);
}

export interface CaseFilter {
  statuses?: Status[];
  excludeStatuses?: Status[];
  type?: CaseRow["type"];
  level?: number;
  ownerId?: string | null;
  category?: string;
  channel?: CaseRow["channel"];
  severity?: NonNullable<CaseRow["severity"]>;
  customerId?: string;
  receivedFrom?: Date;
  receivedTo?: Date;
  q?: string;
  /** R4: the next deadline is breached, or due soon (inside its warning share but not yet breached). */
  due?: { kind: "soon" | "breached" | "follow_up"; now: Date };
  after?: { receivedAt: Date; id: string };
}

const REFERENCE = /^(CMP|INC)-\d{4}-\d{6,}$/i;

export function caseFilterSql(filter: CaseFilter): SQL | undefined {
  const where: (SQL | undefined)[] = [
    filter.statuses ? inArray(cases.status, filter.statuses) : undefined,
    filter.excludeStatuses ? sql`${cases.status} NOT IN ${filter.excludeStatuses}` : undefined,
    filter.type ? eq(cases.type, filter.type) : undefined,
    filter.level ? eq(cases.level, filter.level) : undefined,
    filter.ownerId === null
      ? isNull(cases.ownerId)
      : filter.ownerId
        ? eq(cases.ownerId, filter.ownerId)
        : undefined,
    filter.category ? sql`lower(${cases.category}) = ${filter.category.toLowerCase()}` : undefined,
    filter.channel ? eq(cases.channel, filter.channel) : undefined,
    filter.severity ? eq(cases.severity, filter.severity) : undefined,
    filter.customerId ? eq(cases.customerId, filter.customerId) : undefined,
    filter.receivedFrom ? gte(cases.receivedAt, filter.receivedFrom) : undefined,
    filter.receivedTo ? lte(cases.receivedAt, filter.receivedTo) : undefined,
    filter.q
      ? REFERENCE.test(filter.q.trim())
        ? eq(cases.reference, filter.q.trim().toUpperCase())
        : sql`${cases.search} @@ websearch_to_tsquery('english', ${filter.q})`
      : undefined,
    filter.due ? dueSql(filter.due) : undefined,
    filter.after
      ? or(
          lt(cases.receivedAt, filter.after.receivedAt),
          and(eq(cases.receivedAt, filter.after.receivedAt), lt(cases.id, filter.after.id)),
        )
      : undefined,
  ];
  return and(...where.filter((w) => w !== undefined));
}

function dueSql(due: NonNullable<CaseFilter["due"]>): SQL {
  if (due.kind === "breached") return sql`${cases.nextDueAt} <= ${due.now}`;
  if (due.kind === "follow_up")
    return sql`${cases.followUpDueAt} IS NOT NULL AND ${cases.followedUpAt} IS NULL`;
  // Due soon: past the warning point of its step (the share of the step's time set by the policy).
  return sql`${cases.nextDueAt} > ${due.now} AND ${cases.nextDueAt} - (${cases.nextDueAt} - ${cases.receivedAt}) *
    (SELECT coalesce((body->>'dueSoonPercent')::float8, 25) / 100 FROM settings_versions
     WHERE kind = 'policy' ORDER BY version DESC LIMIT 1) <= ${due.now}`;
}

/** Keyset page: newest received first, ties broken by id (never OFFSET). */
export async function listCasePage(db: Db, filter: CaseFilter, limit: number) {
  return selectCases(db)
    .where(caseFilterSql(filter))
    .orderBy(desc(cases.receivedAt), desc(cases.id))
    .limit(limit);
}

export interface SimilarRow {
  reference: string;
  summary: string;
  status: Status;
  received_at: Date;
  customer_name: string | null;
  similarity: number;
}

/** R1: open cases whose summary is like this text (pg_trgm) or that match its words (full text). */
export async function findSimilarOpenCases(db: Db, text: string, excludeId: string | null, hidden: Status[]) {
  return queryRows<SimilarRow>(
    db,
    sql`SELECT reference, summary, status, received_at, customer_name,
               round(greatest(similarity(summary, ${text}),
                     ts_rank(search, websearch_to_tsquery('english', ${text})))::numeric, 3)::float8 AS similarity
        FROM cases
        WHERE status NOT IN ('closed', 'archived') AND status NOT IN ${hidden.length ? hidden : ["-"]}
          AND (summary % ${text} OR search @@ websearch_to_tsquery('english', ${text}))
          AND id IS DISTINCT FROM ${excludeId}
        ORDER BY similarity DESC, received_at DESC
        LIMIT 10`,
  );
}

export async function findCustomerCases(
  db: Db,
  customerId: string,
  excludeId: string | null,
  hidden: Status[],
) {
  return queryRows<SimilarRow>(
    db,
    sql`SELECT reference, summary, status, received_at, customer_name, 1::float8 AS similarity
        FROM cases
        WHERE customer_id = ${customerId} AND id IS DISTINCT FROM ${excludeId}
          AND status NOT IN ${hidden.length ? hidden : ["-"]}
        ORDER BY received_at DESC
        LIMIT 20`,
  );
}

export async function userNames(db: Db, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, ids));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** The case row, locked for the rest of the transaction: every change to a case starts here. */
export async function lockCaseByReference(db: Db, reference: string): Promise<CaseRow | undefined> {
  const [row] = await db
    .select()
    .from(cases)
    .where(eq(cases.reference, reference.toUpperCase()))
    .for("update");
  return row;
}

export async function lockCaseById(db: Db, id: string): Promise<CaseRow | undefined> {
  const [row] = await db.select().from(cases).where(eq(cases.id, id)).for("update");
  return row;
}

export async function updateCase(db: Db, id: string, patch: Partial<NewCase>): Promise<void> {
  await db.update(cases).set(patch).where(eq(cases.id, id));
}

export async function caseOwnerId(db: Db, reference: string): Promise<string | null> {
  const [row] = await db
    .select({ ownerId: cases.ownerId })
    .from(cases)
    .where(eq(cases.reference, reference.toUpperCase()));
  return row?.ownerId ?? null;
}

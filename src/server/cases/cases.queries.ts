import { and, eq, getTableColumns, gte, inArray, isNull, lte, type SQL, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Status } from "../../shared/enums.js";
import { type Db, queryRows } from "../db/client.js";
import { cases, customers, users } from "../db/schema/index.js";
import { caseShape } from "./cases.rows.js";

/** A case as the services see it; the full-text vector `search` stays in the database. */
export type CaseRow = Omit<typeof cases.$inferSelect, "search">;
export type NewCase = Omit<typeof cases.$inferInsert, "reference" | "search">;

const owner = alias(users, "owner");
const { search: _search, ...caseColumns } = getTableColumns(cases);

/** A case with what its page shows beside it: the customer and the owner's name. */
export const caseWithRelations = {
  case: caseColumns,
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

export async function findCaseById(db: Db, id: string): Promise<CaseWithRelations | undefined> {
  const [row] = await selectCases(db).where(eq(cases.id, id));
  return row;
}

export async function findCaseByReference(db: Db, reference: string): Promise<CaseWithRelations | undefined> {
  const [row] = await selectCases(db).where(eq(cases.reference, reference.toUpperCase()));
  return row;
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
    // A row comparison, not `a < x OR (a = x AND b < y)`: the index scan starts at the cursor.
    filter.after
      ? sql`(${cases.receivedAt}, ${cases.id}) < (${filter.after.receivedAt}::timestamptz, ${filter.after.id}::uuid)`
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

const NEWEST_FIRST = sql`ORDER BY received_at DESC, id DESC`;

/**
 * Keyset page: newest received first, ties broken by id (never OFFSET). Several statuses (`status=open`
 * is new + acknowledged) are read as one page per status, merged: each is a short backward walk of
 * `cases_status_received_idx`, whatever the statistics say. A single `status IN (…)` let the planner,
 * on statistics that had not yet seen a burst of new cases, read every open case and sort them
 * (66–103 ms instead of 0.4 ms at 100 k cases; bench/analysis.md).
 */
export async function listCasePage(db: Db, filter: CaseFilter, limit: number): Promise<CaseWithRelations[]> {
  const pageOf = (where: SQL | undefined) =>
    sql`SELECT ${caseShape.columns()} FROM cases ${where ? sql`WHERE ${where}` : sql``} ${NEWEST_FIRST} LIMIT ${limit}`;
  const statuses = filter.statuses ?? [];
  const page =
    statuses.length > 1
      ? sql`SELECT * FROM (${sql.join(
          statuses.map((status) => sql`(${pageOf(caseFilterSql({ ...filter, statuses: [status] }))})`),
          sql` UNION ALL `,
        )}) AS by_status ${NEWEST_FIRST} LIMIT ${limit}`
      : pageOf(caseFilterSql(filter));
  // The customer and owner are joined to the page's rows only; no filter reads them.
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`SELECT page.*, cu.id AS "customer.id", cu.name AS "customer.name", cu.email AS "customer.email",
               cu.phone AS "customer.phone", o.name AS "owner.name"
        FROM (${page}) AS page
        LEFT JOIN customers cu ON cu.id = page.customer_id
        LEFT JOIN users o ON o.id = page.owner_id
        ORDER BY page.received_at DESC, page.id DESC`,
  );
  return rows.map((raw) => ({
    case: caseShape.map(raw),
    customer:
      raw["customer.id"] === null
        ? null
        : {
            id: raw["customer.id"] as string,
            name: raw["customer.name"] as string | null,
            email: raw["customer.email"] as string | null,
            phone: raw["customer.phone"] as string | null,
          },
    ownerName: raw["owner.name"] as string | null,
  }));
}

export interface SimilarRow {
  reference: string;
  summary: string;
  status: Status;
  received_at: Date;
  customer_name: string | null;
  similarity: number;
}

/**
 * R1: open cases whose summary is like this text (pg_trgm) or that match its words (full text), scored by
 * the better of the two, ties newest first. Read as the union of two short index walks over open cases
 * only — the 10 nearest summaries (GiST `cases_open_summary_gist_idx`: `<->` among the `%`-similar) and
 * the 10 best-scored full-text matches (GIN `cases_open_search_idx`) — then scored and cut to 10, instead
 * of scoring every candidate: at 1 M cases, 7 ms p50 instead of 54 ms, and of 1–2 s before the partial
 * indexes (bench/analysis.md). A case outside both lists has 10 ahead of it on its own measure, so the top
 * 10 is the same, but for one the old score let in: a case that misses some of the words can still get a
 * high ts_rank from those it has (3 of 200 sampled lists differed by such a case in 9th or 10th place).
 * `status NOT IN ('closed', 'archived')` is the partial indexes' predicate, literally, so that the planner
 * can use them.
 */
export async function findSimilarOpenCases(db: Db, text: string, excludeId: string | null, hidden: Status[]) {
  const words = sql`websearch_to_tsquery('english', ${text})`;
  const score = sql`round(greatest(similarity(summary, ${text}), ts_rank(search, ${words}))::numeric, 3)`;
  const visible = sql`${notHidden(hidden)} id IS DISTINCT FROM ${excludeId}::uuid`;
  return queryRows<SimilarRow>(
    db,
    sql`WITH candidates AS (
          (SELECT id FROM cases
           WHERE status NOT IN ('closed', 'archived') AND summary % ${text} AND ${visible}
           ORDER BY summary <-> ${text} LIMIT 10)
          UNION
          (SELECT id FROM cases
           WHERE status NOT IN ('closed', 'archived') AND search @@ ${words} AND ${visible}
           ORDER BY ${score} DESC, received_at DESC LIMIT 10)
        )
        SELECT reference, summary, status, received_at, customer_name, ${score}::float8 AS similarity
        FROM cases JOIN candidates USING (id)
        ORDER BY similarity DESC, received_at DESC
        LIMIT 10`,
  );
}

/** `status NOT IN (…) AND`, or nothing: a placeholder value such as '-' is not a status and fails the enum. */
function notHidden(hidden: Status[]): SQL {
  return hidden.length ? sql`status NOT IN ${hidden} AND` : sql``;
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
        WHERE customer_id = ${customerId} AND ${notHidden(hidden)} id IS DISTINCT FROM ${excludeId}::uuid
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
    .select(caseColumns)
    .from(cases)
    .where(eq(cases.reference, reference.toUpperCase()))
    .for("update");
  return row;
}

export async function lockCaseById(db: Db, id: string): Promise<CaseRow | undefined> {
  const [row] = await db.select(caseColumns).from(cases).where(eq(cases.id, id)).for("update");
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

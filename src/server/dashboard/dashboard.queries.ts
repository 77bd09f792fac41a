import { sql } from "drizzle-orm";
import { caseFilterSql } from "../cases/cases.queries.js";
import { type Db, queryRows } from "../db/client.js";

const OPEN = sql`status NOT IN ('closed', 'archived')`;

/** Open cases (not closed or archived) counted by fine status and level. */
export const openByStatusAndLevel = (db: Db) =>
  queryRows<{ status: string; level: number; n: number }>(
    db,
    sql`SELECT status, level, count(*)::int AS n FROM cases WHERE ${OPEN} GROUP BY status, level`,
  );

/** How many cases' next deadline is breached, or due soon, now (the same tests as the case list's `due=`). */
export async function countDue(db: Db, kind: "soon" | "breached", now: Date): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`SELECT count(*)::int AS n FROM cases WHERE ${caseFilterSql({ due: { kind, now } })}`,
  );
  return row!.n;
}

/** Open cases per owner (null: unassigned), with how many of them are breached. */
export const workloadByOwner = (db: Db, now: Date) =>
  queryRows<{ owner_id: string | null; name: string | null; open: number; breached: number }>(
    db,
    sql`SELECT c.owner_id, u.name, count(*)::int AS open,
               count(*) FILTER (WHERE c.next_due_at <= ${now})::int AS breached
        FROM cases c LEFT JOIN users u ON u.id = c.owner_id
        WHERE ${OPEN}
        GROUP BY c.owner_id, u.name
        ORDER BY open DESC, u.name NULLS FIRST`,
  );

/** Cases received per week (weeks start Monday in the organisation's time zone), from `since`. */
export const receivedPerWeek = (db: Db, since: Date, zone: string) =>
  queryRows<{ week: string; n: number }>(
    db,
    sql`SELECT to_char(date_trunc('week', received_at AT TIME ZONE ${zone}), 'YYYY-MM-DD') AS week,
               count(*)::int AS n
        FROM cases WHERE received_at >= ${since}
        GROUP BY 1 ORDER BY 1`,
  );

/** Follow-ups (SOP 004) not yet done, and how many are past their date. */
export const followUpsPending = async (db: Db, now: Date) =>
  (
    await queryRows<{ pending: number; overdue: number }>(
      db,
      sql`SELECT count(*)::int AS pending, count(*) FILTER (WHERE follow_up_due_at <= ${now})::int AS overdue
          FROM cases WHERE follow_up_due_at IS NOT NULL AND followed_up_at IS NULL AND status <> 'archived'`,
    )
  )[0]!;

/** CAPAs with work past due, and implemented ones whose effectiveness check has come (dates where we are). */
export const capaAttention = async (db: Db, today: string) =>
  (
    await queryRows<{ overdue: number; checks_due: number }>(
      db,
      sql`SELECT count(*) FILTER (WHERE status IN ('open', 'in_progress', 'not_effective') AND due_date < ${today})::int AS overdue,
                 count(*) FILTER (WHERE status = 'implemented' AND effectiveness_check_date <= ${today})::int AS checks_due
          FROM capas`,
    )
  )[0]!;

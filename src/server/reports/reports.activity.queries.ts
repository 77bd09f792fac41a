// The month's figures that do not come from the cases' own columns: repeat customers and root causes (other
// rows of cases, and investigations), escalations (from the audit trail, where every level change is
// recorded), CAPAs and survey answers. Each runs on its own connection beside the case figures.
import { sql } from "drizzle-orm";
import { type Db, queryRows } from "../db/client.js";
import { CASE_LIFE } from "./reports.cases.queries.js";
import type { MonthPeriod } from "./reports.period.js";

/**
 * Level changes in the month, by the level reached and why. Escalations are audited as `case.escalated`
 * (the sweep: elapsed time), `case.escalate` (by hand), `case.assessed` (severity raised to critical) and
 * `case.created` with a `levelCause` (logged critical, recurring or late). The WHERE clause is written as
 * the predicate of the proposed partial index `audit_events_escalation_idx` (docs/performance.md):
 *   CREATE INDEX audit_events_escalation_idx ON audit_events (at)
 *     WHERE (action IN ('case.escalated', 'case.escalate', 'case.assessed') AND changes ? 'level')
 *        OR (action = 'case.created' AND changes ? 'levelCause');
 */
export async function readEscalations(
  db: Db,
  period: MonthPeriod,
): Promise<{ level: string; cause: string; n: number }[]> {
  return queryRows(
    db,
    sql`SELECT e.changes -> 'level' ->> 'new' AS level,
               CASE e.action
                 WHEN 'case.escalate' THEN 'manual'
                 WHEN 'case.assessed' THEN
                   CASE WHEN e.changes -> 'severity' ->> 'new' = 'critical' THEN 'critical' ELSE 'elapsed' END
                 ELSE coalesce(e.changes -> 'levelCause' ->> 'new', 'elapsed')
               END AS cause,
               count(*)::int AS n
        FROM audit_events e
        WHERE e.at >= ${period.start} AND e.at < ${period.end}
          AND ((e.action IN ('case.escalated', 'case.escalate', 'case.assessed') AND e.changes ? 'level')
               OR (e.action = 'case.created' AND e.changes ? 'levelCause'))
        GROUP BY 1, 2`,
  );
}

export interface CustomersAndCausesRow {
  repeat: { customers: number; cases: number; returning: number };
  rootCauses: { rootCause: string; count: number }[];
}

/**
 * Repeat customers (two or more cases received in the month; and those who had a case in the 12 months
 * before) and the top root causes of the cases closed in the month. Both look up other rows once per case
 * or customer of the month — a primary-key probe of case_investigations, a probe of cases_customer_idx —
 * which is cheaper than hashing every investigation or case (OFFSET 0 keeps the probes).
 */
export async function readCustomersAndCauses(db: Db, period: MonthPeriod): Promise<CustomersAndCausesRow> {
  const { start, end } = period;
  const [row] = await queryRows<CustomersAndCausesRow>(
    db,
    sql`WITH m AS MATERIALIZED (
      SELECT c.id, c.customer_id, c.received_at >= ${start} AND c.received_at < ${end} AS is_received,
             coalesce(c.closed_at >= ${start} AND c.closed_at < ${end}, false) AS is_closed
      FROM cases c WHERE ${CASE_LIFE} && tstzrange(${start}, ${end}, '[)')
    ),
    repeaters AS (SELECT customer_id, count(*) AS n FROM m WHERE is_received AND customer_id IS NOT NULL GROUP BY 1)
    SELECT json_build_object(
      'customers', (SELECT count(*) FROM repeaters WHERE n > 1),
      'cases', (SELECT coalesce(sum(n), 0) FROM repeaters WHERE n > 1),
      'returning', (SELECT count(*) FROM repeaters r WHERE EXISTS (
        SELECT 1 FROM cases p WHERE p.customer_id = r.customer_id
          AND p.received_at >= ${start}::timestamptz - interval '12 months' AND p.received_at < ${start}))
    ) AS repeat,
    (SELECT coalesce(json_agg(json_build_object('rootCause', r.cause, 'count', r.n) ORDER BY r.n DESC, r.cause), '[]')
     FROM (SELECT i.cause, count(*)::int AS n
           FROM m CROSS JOIN LATERAL (SELECT root_cause_category AS cause FROM case_investigations
                                      WHERE case_id = m.id OFFSET 0) i
           WHERE m.is_closed AND i.cause IS NOT NULL
           GROUP BY i.cause ORDER BY n DESC, i.cause LIMIT 5) r) AS "rootCauses"`,
  );
  return row!;
}

export interface CapaRow {
  byStatus: Record<string, number>;
  opened: number;
  checked: number;
  effective: number;
}

/** CAPA status is kept as it is now (no history), so a month's figures show the CAPAs opened by its end. */
export async function readCapaFigures(db: Db, period: MonthPeriod): Promise<CapaRow> {
  const [row] = await queryRows<CapaRow>(
    db,
    sql`SELECT
          (SELECT coalesce(json_object_agg(status, n), '{}') FROM (
             SELECT status, count(*)::int AS n FROM capas WHERE created_at < ${period.end} GROUP BY status) s
          ) AS "byStatus",
          (SELECT count(*)::int FROM capas WHERE created_at >= ${period.start} AND created_at < ${period.end}) AS opened,
          (SELECT count(*)::int FROM capas WHERE checked_at >= ${period.start} AND checked_at < ${period.end}) AS checked,
          (SELECT count(*)::int FROM capas WHERE checked_at >= ${period.start} AND checked_at < ${period.end}
             AND effectiveness_result = 'effective') AS effective`,
  );
  return row!;
}

export interface FeedbackRow {
  responses: number;
  satisfaction: number | null;
  resolved: number | null;
  handling: number | null;
}

/** R9: survey answers given in the month (by link or recorded by staff). */
export async function readFeedbackFigures(db: Db, period: MonthPeriod): Promise<FeedbackRow> {
  const [row] = await queryRows<FeedbackRow>(
    db,
    sql`SELECT count(*)::int AS responses,
               avg(satisfaction)::float8 AS satisfaction,
               (100.0 * count(*) FILTER (WHERE resolved) / nullif(count(*), 0))::float8 AS resolved,
               avg(handling_satisfaction)::float8 AS handling
        FROM feedback_responses
        WHERE answered_at >= ${period.start} AND answered_at < ${period.end}`,
  );
  return row!;
}

/** The first receipt on record: where the business timeline has to start. */
export async function firstReceivedAt(db: Db): Promise<Date | null> {
  const [row] = await queryRows<{ first: Date | string | null }>(
    db,
    sql`SELECT min(received_at) AS first FROM cases`,
  );
  return row?.first ? new Date(row.first) : null;
}

// FCA DISP 1.10 style figures month by month over a range, for the half-year months that are not in the
// archive yet (archived months carry their own). Complaints only: incidents are not complaints.
import { sql } from "drizzle-orm";
import type { RegulatoryFigures } from "../../shared/reports.schema.js";
import { type Db, queryRows } from "../db/client.js";
import { CASE_LIFE, within8WeeksSql } from "./reports.cases.queries.js";
import type { MonthPeriod } from "./reports.period.js";
import { type BusinessTimeline, timelineCte } from "./reports.timeline.js";

type MonthRow = Omit<RegulatoryFigures, "closed" | "upheldPercent" | "redressMinor"> & {
  month: string;
  redress: Record<string, number> | null;
};

/** Received, closed by DISP bucket, outcomes and redress per local month of [from.start, to.end). */
export async function readRegulatoryByMonth(
  db: Db,
  from: MonthPeriod,
  to: MonthPeriod,
  timeline: BusinessTimeline,
  timezone: string,
): Promise<MonthRow[]> {
  const month = (column: string) => sql`to_char(${sql.raw(column)} AT TIME ZONE ${timezone}, 'YYYY-MM')`;
  return queryRows(
    db,
    sql`WITH ${timelineCte(timeline)},
    span AS MATERIALIZED (
      SELECT c.received_at, c.closed_at, c.outcome, c.remedy_currency, c.remedy_amount_minor,
             c.closed_at >= ${from.start} AND c.closed_at < ${to.end} AS is_closed,
             date_part('epoch', c.closed_at) <= tl.due3[width_bucket(date_part('epoch', c.received_at), tl.starts)] AS within3,
             ${within8WeeksSql(sql.raw("c.received_at"), sql.raw("c.closed_at"), timezone)} AS within8w
      FROM cases c CROSS JOIN tl
      WHERE c.type = 'complaint' AND ${CASE_LIFE} && tstzrange(${from.start}, ${to.end}, '[)')
    ),
    received AS (
      SELECT ${month("received_at")} AS month, count(*)::int AS n FROM span
      WHERE received_at >= ${from.start} AND received_at < ${to.end} GROUP BY 1
    ),
    closed AS (
      SELECT ${month("closed_at")} AS month,
             count(*) FILTER (WHERE within3)::int AS within3,
             count(*) FILTER (WHERE NOT within3 AND within8w)::int AS within8w,
             count(*) FILTER (WHERE NOT within3 AND NOT within8w)::int AS after8w,
             count(*) FILTER (WHERE outcome = 'upheld')::int AS upheld,
             count(*) FILTER (WHERE outcome = 'partly_upheld')::int AS partly,
             count(*) FILTER (WHERE outcome = 'not_upheld')::int AS not_upheld
      FROM span WHERE is_closed GROUP BY 1
    ),
    redress AS (
      SELECT month, json_object_agg(currency, amount) AS redress FROM (
        SELECT ${month("closed_at")} AS month, remedy_currency AS currency, sum(remedy_amount_minor)::float8 AS amount
        FROM span WHERE is_closed AND remedy_currency IS NOT NULL GROUP BY 1, 2) r
      GROUP BY month
    )
    SELECT m.month, coalesce(r.n, 0) AS received, coalesce(c.within3, 0) AS "within3BusinessDays",
           coalesce(c.within8w, 0) AS "after3BusinessDaysWithin8Weeks", coalesce(c.after8w, 0) AS "after8Weeks",
           coalesce(c.upheld, 0) AS upheld, coalesce(c.partly, 0) AS "partlyUpheld",
           coalesce(c.not_upheld, 0) AS "notUpheld", d.redress
    FROM (SELECT month FROM received UNION SELECT month FROM closed) m
    LEFT JOIN received r USING (month) LEFT JOIN closed c USING (month) LEFT JOIN redress d USING (month)`,
  );
}

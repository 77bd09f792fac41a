// The case figures of one month in one statement: every case whose life (received → closed) overlaps the
// month is read once, and the received, closed, timeliness, backlog and regulatory figures are counted from
// that one set. Business time comes from the timeline arrays (reports.timeline.ts).
import { type SQL, sql } from "drizzle-orm";
import { AGE_BUCKET_LIMITS, AGE_BUCKETS } from "../../shared/reports.schema.js";
import { type Db, queryRows } from "../db/client.js";
import type { MonthPeriod } from "./reports.period.js";
import { type BusinessTimeline, businessTimeSql, timelineCte } from "./reports.timeline.js";

/**
 * A case's life as a range, open-ended while not closed. Written exactly as the proposed index
 * `cases_life_idx` (docs/performance.md, "Monthly report") so that the planner can use it; the CASE keeps
 * a closure recorded before receipt from raising an error in the index.
 */
export const CASE_LIFE = sql.raw(
  "tstzrange(c.received_at, CASE WHEN c.closed_at < c.received_at THEN c.received_at ELSE c.closed_at END, '[]')",
);

/**
 * Runs report statements in one read-only transaction with settings for analysis: JIT off (compiling cost
 * ~190 ms, more than it saved) and room to aggregate ~70,000 rows in memory instead of on disk.
 */
export function withReportSettings<T>(db: Db, fn: (tx: Db) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`SET LOCAL jit = off`);
    await tx.execute(sql`SET LOCAL work_mem = '64MB'`);
    return fn(tx);
  });
}

/** FCA DISP 1.6: closed within 8 weeks of receipt, counted on the local calendar (56 days, DST-proof). */
export function within8WeeksSql(received: SQL, closed: SQL, timezone: string): SQL {
  return sql`(${closed} <= ((${received} AT TIME ZONE ${timezone}) + interval '56 days') AT TIME ZONE ${timezone})`;
}

function ageBucketSql(ageDays: SQL): SQL {
  const whens = AGE_BUCKET_LIMITS.map((limit, i) => sql`WHEN ${ageDays} < ${limit} THEN ${AGE_BUCKETS[i]}`);
  return sql`CASE ${sql.join(whens, sql` `)} ELSE ${AGE_BUCKETS.at(-1)} END`;
}

export interface StepRow {
  count: number;
  median: number | null;
  p90: number | null;
  met: number;
  missed: number;
}

export interface CaseFiguresRow {
  /** One row per grouping set: exactly one of type, channel, category, severity names the group. */
  dims: { dim: string; key: string | null; received: number; closed: number }[];
  backlog: { dim: "level" | "age"; key: string; n: number }[];
  acknowledge: StepRow;
  assign: StepRow;
  resolve: StepRow;
  regulatory: {
    within3: number;
    within8w: number;
    after8w: number;
    upheld: number;
    partly: number;
    notUpheld: number;
    redress: { currency: string; amount: number }[];
  };
}

const stepSql = (flag: string, minutes: string, outcome: string) => sql`json_build_object(
  'count', count(*) FILTER (WHERE ${sql.raw(flag)}),
  'median', percentile_cont(0.5) WITHIN GROUP (ORDER BY ${sql.raw(minutes)}) FILTER (WHERE ${sql.raw(flag)}),
  'p90', percentile_cont(0.9) WITHIN GROUP (ORDER BY ${sql.raw(minutes)}) FILTER (WHERE ${sql.raw(flag)}),
  'met', count(*) FILTER (WHERE ${sql.raw(flag)} AND ${sql.raw(outcome)} = 'met'),
  'missed', count(*) FILTER (WHERE ${sql.raw(flag)} AND ${sql.raw(outcome)} = 'missed'))`;

/** R12: one month's case figures; `asOf` is when the backlog is taken (the month's end, or now). */
export async function readCaseFigures(
  db: Db,
  period: MonthPeriod,
  asOf: Date,
  timeline: BusinessTimeline,
  asOfMinutes: number,
  timezone: string,
): Promise<CaseFiguresRow> {
  const { start, end } = period;
  const within = (column: string) =>
    sql`coalesce(${sql.raw(`c.${column}`)} >= ${start} AND ${sql.raw(`c.${column}`)} < ${end}, false)`;
  // date_part gives float8; extract (numeric since PostgreSQL 14) is several times slower per row.
  const epoch = (column: string) => sql.raw(`date_part('epoch', c.${column})`);
  const bt = (column: string) => businessTimeSql(sql.raw(`s.e_${column}`), sql.raw(`s.w_${column}`));
  const bucket = (column: string) => sql.raw(`width_bucket(date_part('epoch', c.${column}), tl.opens)`);
  const ageDays = sql`floor((${asOfMinutes} - t.b_received) / ${timeline.dayMinutes})`;
  const [row] = await queryRows<CaseFiguresRow>(
    db,
    sql`WITH ${timelineCte(timeline)},
    t AS MATERIALIZED (
      SELECT s.type, s.channel, s.category, s.severity, s.level, s.outcome,
             s.remedy_amount_minor, s.remedy_currency, s.acknowledge_outcome, s.assign_outcome, s.resolve_outcome,
             s.is_received, s.is_closed, s.is_ack, s.is_assign, s.is_resolve, s.is_open, s.within8w,
             ${bt("received")} AS b_received,
             ${bt("acknowledged")} - ${bt("received")} AS ack_minutes,
             ${bt("assigned")} - ${bt("received")} AS assign_minutes,
             greatest(0, ${bt("resolved")} - ${bt("received")} - s.paused_minutes) AS resolve_minutes,
             s.e_closed <= tl.due3[s.w_day] AS within3
      FROM (
        -- Each instant's window is searched for once, here (OFFSET 0 keeps the planner from copying the
        -- search into every use of its result).
        SELECT c.type, c.channel, c.category, c.severity, c.level, c.outcome,
               c.remedy_amount_minor, c.remedy_currency, c.acknowledge_outcome, c.assign_outcome,
               c.resolve_outcome, c.paused_minutes,
               ${within("received_at")} AS is_received, ${within("closed_at")} AS is_closed,
               ${within("acknowledged_at")} AS is_ack, ${within("assigned_at")} AS is_assign,
               ${within("resolved_at")} AS is_resolve,
               (c.received_at < ${asOf} AND (c.closed_at IS NULL OR c.closed_at >= ${asOf})) AS is_open,
               CASE WHEN ${within("closed_at")}
                    THEN ${within8WeeksSql(sql.raw("c.received_at"), sql.raw("c.closed_at"), timezone)} END AS within8w,
               ${epoch("received_at")} AS e_received, ${epoch("acknowledged_at")} AS e_acknowledged,
               ${epoch("assigned_at")} AS e_assigned, ${epoch("resolved_at")} AS e_resolved,
               ${epoch("closed_at")} AS e_closed,
               ${bucket("received_at")} AS w_received, ${bucket("acknowledged_at")} AS w_acknowledged,
               ${bucket("assigned_at")} AS w_assigned, ${bucket("resolved_at")} AS w_resolved,
               width_bucket(date_part('epoch', c.received_at), tl.starts) AS w_day
        FROM cases c CROSS JOIN tl
        WHERE ${CASE_LIFE} && tstzrange(${start}, ${end}, '[)')
        OFFSET 0
      ) s
      CROSS JOIN tl
    ),
    dims AS (
      SELECT CASE WHEN grouping(type) = 0 THEN 'type' WHEN grouping(channel) = 0 THEN 'channel'
                  WHEN grouping(category) = 0 THEN 'category' ELSE 'severity' END AS dim,
             coalesce(type::text, channel::text, category, severity::text) AS key,
             count(*) FILTER (WHERE is_received)::int AS received, count(*) FILTER (WHERE is_closed)::int AS closed
      FROM t WHERE is_received OR is_closed
      GROUP BY GROUPING SETS ((type), (channel), (category), (severity))
    ),
    backlog AS (
      SELECT CASE WHEN grouping(level) = 0 THEN 'level' ELSE 'age' END AS dim,
             coalesce(level::text, age) AS key, count(*)::int AS n
      FROM (SELECT level, ${ageBucketSql(ageDays)} AS age FROM t WHERE is_open) o
      GROUP BY GROUPING SETS ((level), (age))
    )
    SELECT
      (SELECT coalesce(json_agg(dims), '[]') FROM dims) AS dims,
      (SELECT coalesce(json_agg(backlog), '[]') FROM backlog) AS backlog,
      ${stepSql("t.is_ack", "t.ack_minutes", "t.acknowledge_outcome")} AS acknowledge,
      ${stepSql("t.is_assign", "t.assign_minutes", "t.assign_outcome")} AS assign,
      ${stepSql("t.is_resolve", "t.resolve_minutes", "t.resolve_outcome")} AS resolve,
      json_build_object(
        'within3', count(*) FILTER (WHERE t.is_closed AND t.type = 'complaint' AND t.within3),
        'within8w', count(*) FILTER (WHERE t.is_closed AND t.type = 'complaint' AND NOT t.within3 AND t.within8w),
        'after8w', count(*) FILTER (WHERE t.is_closed AND t.type = 'complaint' AND NOT t.within3 AND NOT t.within8w),
        'upheld', count(*) FILTER (WHERE t.is_closed AND t.type = 'complaint' AND t.outcome = 'upheld'),
        'partly', count(*) FILTER (WHERE t.is_closed AND t.type = 'complaint' AND t.outcome = 'partly_upheld'),
        'notUpheld', count(*) FILTER (WHERE t.is_closed AND t.type = 'complaint' AND t.outcome = 'not_upheld'),
        'redress', (SELECT coalesce(json_agg(json_build_object('currency', currency, 'amount', amount)), '[]') FROM (
          SELECT remedy_currency AS currency, sum(remedy_amount_minor)::float8 AS amount FROM t
          WHERE is_closed AND type = 'complaint' AND remedy_currency IS NOT NULL GROUP BY remedy_currency) r)
      ) AS regulatory
    FROM t`,
  );
  return row!;
}

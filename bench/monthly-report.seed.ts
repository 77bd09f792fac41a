/**
 * Seeds a database for `npm run bench:report` in SQL (generate_series, no API): N cases received over two
 * years before `now` with their whole lifecycle filled in (acknowledged, assigned, resolved, closed, with
 * outcomes, remedies and met/missed), investigations with root causes, the audit events a real case leaves
 * (created, acknowledged, assigned, resolved, closed, escalations), survey answers and CAPAs — so that the
 * report reads tables of realistic size, audit_events included (~5 rows per case).
 */

const CATEGORIES = [
  "delivery",
  "billing",
  "product quality",
  "staff attitude",
  "website",
  "refund",
  "returns",
  "account",
  "fees",
  "communication",
  "waiting time",
  "damaged goods",
  "wrong item",
  "cancellation",
  "privacy",
  "accessibility",
  "warranty",
  "installation",
  "pricing",
  "other",
];
const ROOT_CAUSES = [
  "process",
  "people",
  "product",
  "system",
  "supplier",
  "communication",
  "policy",
  "external",
];

/** Statements in order, with their parameters given by seedParameters. */
export const SEED_STATEMENTS: [string, string][] = [
  [
    "customers",
    `INSERT INTO customers (id, name, email, email_norm, created_at, updated_at)
     SELECT md5('customer' || i)::uuid, 'Customer ' || i, 'c' || i || '@bench.example', 'c' || i || '@bench.example',
            $1::timestamptz - interval '800 days', $1::timestamptz - interval '800 days'
     FROM generate_series(1, greatest(1, $2::int / 3)) i`,
  ],
  [
    "cases",
    `WITH base AS (
       SELECT g, $1::timestamptz - (($2::int - g + random()) / $2::int) * interval '730 days' AS received_at,
              random() AS r_type, random() AS r_channel, random() AS r_cat, random() AS r_sev, random() AS r_level,
              random() AS r_cust, random() AS r_stuck, random() AS r_outcome, random() AS r_remedy,
              interval '1 minute' * (30 + 1800 * random() ^ 2) AS to_ack,
              interval '1 minute' * (30 + 1440 * random() ^ 2) AS to_assign,
              interval '1 hour' * (4 + 480 * random() ^ 3) AS to_resolve,
              interval '1 hour' * (1 + 120 * random()) AS to_close
       FROM generate_series(1, $2::int) g
     ), timed AS (
       SELECT b.*, received_at + to_ack AS ack_at, received_at + to_ack + to_assign AS assign_at,
              received_at + to_ack + to_assign + to_resolve AS resolve_at,
              received_at + to_ack + to_assign + to_resolve + to_close AS close_at,
              CASE WHEN r_sev < 0.3 THEN NULL WHEN r_sev < 0.6 THEN 'low' WHEN r_sev < 0.85 THEN 'medium'
                   WHEN r_sev < 0.97 THEN 'high' ELSE 'critical' END AS severity,
              r_stuck < 0.015 AS stuck
       FROM base b
     )
     INSERT INTO cases (id, reference, type, status, level, channel, summary, description, category, severity,
       customer_id, received_at, logged_at, version, policy_version, calendar_version, acknowledge_due_at,
       assign_due_at, resolve_due_at, acknowledged_at, assigned_at, resolved_at, closed_at, outcome,
       remedy_amount_minor, remedy_currency, acknowledge_outcome, assign_outcome, resolve_outcome, updated_at)
     SELECT gen_random_uuid(), 'BENCH-' || g,
       (CASE WHEN r_type < 0.85 THEN 'complaint' ELSE 'incident' END)::case_type,
       (CASE WHEN close_at <= $1 AND NOT stuck THEN 'closed' WHEN resolve_at <= $1 AND NOT stuck THEN 'resolved'
             WHEN assign_at <= $1 THEN 'investigating' WHEN ack_at <= $1 THEN 'acknowledged' ELSE 'new' END)::case_status,
       CASE WHEN severity = 'critical' OR r_level < 0.05 THEN 3 WHEN r_level < 0.17 THEN 2 ELSE 1 END,
       (ARRAY['phone','phone','email','email','email','web','web','letter','in_person','api'])[1 + floor(r_channel * 10)::int]::channel,
       'Seeded case ' || g, 'Seeded for the monthly report benchmark',
       CASE WHEN r_cat < 0.97 THEN ($3::text[])[1 + floor(cardinality($3::text[]) * r_cat ^ 1.6)::int] END,
       severity::severity,
       CASE WHEN r_cust < 0.6 THEN md5('customer' || (1 + floor(r_cust / 0.6 * greatest(1, $2::int / 3)))::int)::uuid END,
       received_at, received_at, 1, 1, 1,
       received_at + interval '24 hours', received_at + interval '32 hours', received_at + interval '7 days',
       CASE WHEN ack_at <= $1 THEN ack_at END,
       CASE WHEN assign_at <= $1 THEN assign_at END,
       CASE WHEN resolve_at <= $1 AND NOT stuck THEN resolve_at END,
       CASE WHEN close_at <= $1 AND NOT stuck THEN close_at END,
       (CASE WHEN resolve_at > $1 OR stuck THEN NULL WHEN r_outcome < 0.3 THEN 'upheld'
             WHEN r_outcome < 0.5 THEN 'partly_upheld' ELSE 'not_upheld' END)::outcome,
       CASE WHEN resolve_at <= $1 AND NOT stuck AND r_outcome < 0.5 AND r_remedy < 0.6 THEN (500 + floor(r_remedy * 30000))::bigint END,
       CASE WHEN resolve_at <= $1 AND NOT stuck AND r_outcome < 0.5 AND r_remedy < 0.6 THEN 'GBP' END,
       CASE WHEN ack_at > $1 THEN NULL WHEN to_ack <= interval '24 hours' THEN 'met' ELSE 'missed' END,
       CASE WHEN assign_at > $1 THEN NULL WHEN to_ack + to_assign <= interval '32 hours' THEN 'met' ELSE 'missed' END,
       CASE WHEN resolve_at > $1 OR stuck THEN NULL WHEN resolve_at <= received_at + interval '7 days' THEN 'met' ELSE 'missed' END,
       least($1, close_at)
     FROM timed`,
  ],
  [
    "investigations",
    `INSERT INTO case_investigations (case_id, root_cause_category, findings, updated_at)
     SELECT id, ($1::text[])[1 + floor(random() * cardinality($1::text[]))::int], 'Seeded', resolved_at
     FROM cases WHERE resolved_at IS NOT NULL AND random() < 0.3`,
  ],
  [
    "audit events",
    `INSERT INTO audit_events (stream, seq, case_id, actor_kind, actor_id, source, action, at, changes, prev_hash, hash)
     SELECT 'case:' || c.id, e.seq, c.id, 'user', NULL, 'bench', e.action, e.at, e.changes, '', ''
     FROM cases c CROSS JOIN LATERAL (VALUES
       (1, 'case.created', c.received_at, CASE WHEN c.severity = 'critical'
          THEN jsonb_build_object('level', jsonb_build_object('new', 3), 'levelCause', jsonb_build_object('new', 'critical'))
          ELSE jsonb_build_object('level', jsonb_build_object('new', 1), 'type', jsonb_build_object('new', c.type)) END),
       (2, 'case.acknowledged', c.acknowledged_at, '{"status": {"old": "new", "new": "acknowledged"}}'::jsonb),
       (3, 'case.assigned', c.assigned_at, '{"status": {"old": "acknowledged", "new": "assigned"}}'::jsonb),
       (4, 'case.escalated', CASE WHEN c.level >= 2 AND c.severity IS DISTINCT FROM 'critical' THEN c.received_at + interval '2 days' END,
          '{"level": {"old": 1, "new": 2}, "levelCause": {"old": null, "new": "elapsed"}}'::jsonb),
       (5, 'case.escalated', CASE WHEN c.level = 3 AND c.severity IS DISTINCT FROM 'critical' THEN c.received_at + interval '4 days' END,
          '{"level": {"old": 2, "new": 3}, "levelCause": {"old": "elapsed", "new": "elapsed"}}'::jsonb),
       (6, 'case.resolved', c.resolved_at, '{"status": {"old": "investigating", "new": "resolved"}}'::jsonb),
       (7, 'case.closed', c.closed_at, '{"status": {"old": "resolved", "new": "closed"}}'::jsonb)
     ) e(seq, action, at, changes)
     WHERE e.at IS NOT NULL AND e.at <= $1`,
  ],
  [
    "survey invitations",
    `INSERT INTO feedback_invitations (id, case_id, invited_at, expires_at, answered_at)
     SELECT md5('invitation' || id)::uuid, id, closed_at, closed_at + interval '30 days',
            CASE WHEN random() < 0.5 THEN least($1, closed_at + random() * interval '10 days') END
     FROM cases WHERE closed_at IS NOT NULL AND random() < 0.4`,
  ],
  [
    "survey answers",
    `INSERT INTO feedback_responses (id, case_id, invitation_id, satisfaction, resolved, handling_satisfaction, channel, answered_at)
     SELECT md5('response' || id)::uuid, case_id, id, 1 + floor(random() * 5)::int, random() < 0.7,
            1 + floor(random() * 5)::int, 'web', answered_at
     FROM feedback_invitations WHERE answered_at IS NOT NULL`,
  ],
  [
    "capas",
    `INSERT INTO capas (id, reference, title, due_date, status, created_at, updated_at, checked_at, effectiveness_result)
     SELECT md5('capa' || i)::uuid, 'CAPA-B-' || i, 'Seeded action ' || i, ($1::timestamptz + interval '30 days')::date,
            (ARRAY['open','in_progress','implemented','effective','not_effective'])[1 + i % 5],
            $1::timestamptz - (i * interval '1 day'), $1::timestamptz - (i * interval '1 day'),
            CASE WHEN i % 5 IN (3, 4) THEN $1::timestamptz - (i * interval '1 day') + interval '20 days' END,
            CASE i % 5 WHEN 3 THEN 'effective' WHEN 4 THEN 'not_effective' END
     FROM generate_series(1, 700) i`,
  ],
];

export function seedParameters(statement: string, now: Date, cases: number): unknown[] {
  const at = now.toISOString();
  const parameters: Record<string, unknown[]> = {
    customers: [at, cases],
    cases: [at, cases, CATEGORIES],
    investigations: [ROOT_CAUSES],
    "survey answers": [],
  };
  return parameters[statement] ?? [at];
}

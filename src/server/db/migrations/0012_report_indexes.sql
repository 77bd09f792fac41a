-- R12: the monthly report reads every case whose life (received → closed) overlaps the month. A GiST
-- index on that range, carrying the columns the report aggregates, lets it read only those cases from
-- the index: 1,338 → 473 ms for a month at 1 M cases (bench/monthly-report.ts; docs/performance.md).
-- The expression must stay identical to CASE_LIFE in src/server/reports/reports.cases.queries.ts.
CREATE INDEX IF NOT EXISTS "cases_life_idx" ON "cases" USING gist
  (tstzrange("received_at", CASE WHEN "closed_at" < "received_at" THEN "received_at" ELSE "closed_at" END, '[]'))
  INCLUDE ("id", "type", "channel", "category", "severity", "level", "customer_id", "outcome",
           "remedy_amount_minor", "remedy_currency", "acknowledge_outcome", "assign_outcome", "resolve_outcome",
           "paused_minutes", "received_at", "closed_at", "acknowledged_at", "assigned_at", "resolved_at");
--> statement-breakpoint
-- R12: escalations by level in the report, without reading the whole audit trail.
CREATE INDEX IF NOT EXISTS "audit_events_escalation_idx" ON "audit_events" ("at")
  WHERE ("action" IN ('case.escalated', 'case.escalate', 'case.assessed') AND "changes" ? 'level')
     OR ("action" = 'case.created' AND "changes" ? 'levelCause');

-- R10 / S2 §4.3 / Part 11 §11.10(c): an archived case file is read-only in the database itself, not only in
-- the API. The only writes it takes are those that remove personal data (disposal, erasure) or stamp a legal
-- hold, and only inside a transaction that names that operation with
-- `SELECT set_config('redress.record_operation', '<what>', true)` (records/records.guard.ts).
-- This guards against mistakes and ordinary writes, not against a database superuser: the audit chain is
-- what detects tampering of that kind.
CREATE FUNCTION redress_record_operation() RETURNS text LANGUAGE sql STABLE AS $$
  SELECT nullif(current_setting('redress.record_operation', true), '')
$$;
--> statement-breakpoint
CREATE FUNCTION redress_guard_archived_case() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  -- Personal data and free text (CASE_PERSONAL_FIELDS): may only be removed.
  redactable text[] := ARRAY['summary', 'description', 'desired_remedy', 'customer_name', 'resolution_notes',
    'resolve_due_reason', 'confirmation_note', 'impact', 'product_ref'];
  stamps text[] := ARRAY['disposed_at', 'legal_hold_at', 'version', 'updated_at', 'search'];
  col text;
  before text;
  after text;
BEGIN
  IF redress_record_operation() IS NULL THEN
    RAISE EXCEPTION 'case % is archived: its record is read-only', OLD.reference
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF (to_jsonb(NEW) - redactable - stamps) IS DISTINCT FROM (to_jsonb(OLD) - redactable - stamps) THEN
    RAISE EXCEPTION 'case % is archived: % may only remove personal data', OLD.reference, redress_record_operation()
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  FOREACH col IN ARRAY redactable LOOP
    before := to_jsonb(OLD) ->> col;
    after := to_jsonb(NEW) ->> col;
    IF after IS DISTINCT FROM before AND after IS NOT NULL AND after NOT IN ('[erased]', '[disposed]') THEN
      RAISE EXCEPTION 'case % is archived: % may only remove %, not change it', OLD.reference,
        redress_record_operation(), col USING ERRCODE = 'insufficient_privilege';
    END IF;
  END LOOP;
  IF OLD.disposed_at IS NOT NULL AND NEW.disposed_at IS DISTINCT FROM OLD.disposed_at THEN
    RAISE EXCEPTION 'case % was disposed of on %', OLD.reference, OLD.disposed_at
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER cases_archived_read_only BEFORE UPDATE ON cases
  FOR EACH ROW WHEN (OLD.status = 'archived') EXECUTE FUNCTION redress_guard_archived_case();
--> statement-breakpoint
-- Cases are never deleted (ARCHITECTURE.md "References": a gap in the log is evidence of tampering).
CREATE FUNCTION redress_reject_case_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'case % cannot be deleted: case records are kept, and disposal keeps an anonymous skeleton',
    OLD.reference USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER cases_never_deleted BEFORE DELETE ON cases
  FOR EACH ROW EXECUTE FUNCTION redress_reject_case_delete();
--> statement-breakpoint
-- The rest of the case file: nothing is added to an archived case; rows change or go only in a record
-- operation — except an email's delivery status, which the outbox may still record after archiving.
CREATE FUNCTION redress_guard_archived_file() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ids uuid[];
  ref text;
BEGIN
  ids := CASE TG_OP WHEN 'INSERT' THEN ARRAY[NEW.case_id] WHEN 'DELETE' THEN ARRAY[OLD.case_id]
    ELSE ARRAY[OLD.case_id, NEW.case_id] END;
  SELECT reference INTO ref FROM cases WHERE id = ANY(ids) AND status = 'archived' LIMIT 1;
  IF ref IS NULL THEN
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
  END IF;
  IF TG_OP = 'INSERT' THEN
    RAISE EXCEPTION 'case % is archived: nothing can be added to its file (%)', ref, TG_TABLE_NAME
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF redress_record_operation() IS NOT NULL THEN
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
  END IF;
  IF TG_TABLE_NAME = 'correspondence' AND TG_OP = 'UPDATE'
     AND (to_jsonb(NEW) - 'delivery_status' - 'occurred_at') = (to_jsonb(OLD) - 'delivery_status' - 'occurred_at') THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'case % is archived: its file is read-only (% on %)', ref, TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER correspondence_archived_read_only BEFORE INSERT OR UPDATE OR DELETE ON correspondence
  FOR EACH ROW EXECUTE FUNCTION redress_guard_archived_file();
--> statement-breakpoint
CREATE TRIGGER attachments_archived_read_only BEFORE INSERT OR UPDATE OR DELETE ON attachments
  FOR EACH ROW EXECUTE FUNCTION redress_guard_archived_file();
--> statement-breakpoint
CREATE TRIGGER action_items_archived_read_only BEFORE INSERT OR UPDATE OR DELETE ON action_items
  FOR EACH ROW EXECUTE FUNCTION redress_guard_archived_file();
--> statement-breakpoint
CREATE TRIGGER case_investigations_archived_read_only BEFORE INSERT OR UPDATE OR DELETE ON case_investigations
  FOR EACH ROW EXECUTE FUNCTION redress_guard_archived_file();

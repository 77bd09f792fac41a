-- R2 / Part 11 §11.10(e): the audit trail is append-only in the database itself, not only in the API.
CREATE FUNCTION redress_reject_audit_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the audit trail is append-only: % on % is not allowed', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION redress_reject_audit_change();
--> statement-breakpoint
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION redress_reject_audit_change();
--> statement-breakpoint
CREATE TRIGGER audit_seals_append_only BEFORE UPDATE OR DELETE ON audit_seals
  FOR EACH ROW EXECUTE FUNCTION redress_reject_audit_change();
--> statement-breakpoint
CREATE TRIGGER audit_seals_no_truncate BEFORE TRUNCATE ON audit_seals
  FOR EACH STATEMENT EXECUTE FUNCTION redress_reject_audit_change();
--> statement-breakpoint
-- The personal values behind the digests may only be erased (R11), never edited or deleted.
CREATE FUNCTION redress_only_erase_audit_personal() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.values IS NULL AND NEW.erased_at IS NOT NULL
     AND NEW.event_id = OLD.event_id AND NEW.customer_id IS NOT DISTINCT FROM OLD.customer_id THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'audit personal values can only be erased: % on audit_personal is not allowed', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER audit_personal_erase_only BEFORE UPDATE OR DELETE ON audit_personal
  FOR EACH ROW EXECUTE FUNCTION redress_only_erase_audit_personal();
--> statement-breakpoint
CREATE TRIGGER audit_personal_no_truncate BEFORE TRUNCATE ON audit_personal
  FOR EACH STATEMENT EXECUTE FUNCTION redress_reject_audit_change();
--> statement-breakpoint
-- The hash of one event: its stream position, time, actor, action, case and changes, chained to the one before.
-- Computed here (not in the app) so every writer chains the same way and verification is one SQL pass.
CREATE FUNCTION redress_audit_hash(
  prev_hash text, stream text, seq integer, at timestamptz, actor_kind text, actor_id uuid,
  source text, action text, case_id uuid, changes jsonb
) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT encode(sha256(convert_to(concat_ws(E'\x1f',
    prev_hash, stream, seq::text, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'),
    actor_kind, coalesce(actor_id::text, ''), source, action, coalesce(case_id::text, ''), changes::text
  ), 'UTF8')), 'hex')
$$;
--> statement-breakpoint
-- Chains each new event to its stream's head. The head row lock serialises one stream's writers only:
-- different cases never wait for each other (DESIGN.md "Rules that hold everywhere").
CREATE FUNCTION redress_chain_audit_event() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  head_seq integer;
  head_hash text;
BEGIN
  INSERT INTO audit_heads (stream, seq, hash, sealed_seq, updated_at)
    VALUES (NEW.stream, 0, repeat('0', 64), 0, NEW.at)
    ON CONFLICT (stream) DO NOTHING;
  SELECT seq, hash INTO head_seq, head_hash FROM audit_heads WHERE stream = NEW.stream FOR UPDATE;
  NEW.seq := head_seq + 1;
  NEW.prev_hash := head_hash;
  NEW.hash := redress_audit_hash(NEW.prev_hash, NEW.stream, NEW.seq, NEW.at, NEW.actor_kind, NEW.actor_id,
    NEW.source, NEW.action, NEW.case_id, NEW.changes);
  UPDATE audit_heads SET seq = NEW.seq, hash = NEW.hash, updated_at = NEW.at WHERE stream = NEW.stream;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER audit_events_chain BEFORE INSERT ON audit_events
  FOR EACH ROW EXECUTE FUNCTION redress_chain_audit_event();
--> statement-breakpoint
CREATE FUNCTION redress_seal_hash(prev_hash text, sealed_at timestamptz, heads jsonb) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT encode(sha256(convert_to(concat_ws(E'\x1f',
    prev_hash, to_char(sealed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'), heads::text
  ), 'UTF8')), 'hex')
$$;

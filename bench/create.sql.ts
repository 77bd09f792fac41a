/**
 * One case creation as a single statement: the rows `POST /api/v1/cases` writes, and nothing else.
 * Find the customer by email or phone (else insert it, with its `customer.created` audit event and
 * personal values), take the next reference from the counter, insert the case, its `case.created` audit
 * event (the trigger chains the hash) and its personal values, and — for a customer with an email, as the
 * API does for every complaint since the acknowledgment email came in — the email: a case link, the
 * outgoing email on the case file and the outbox message, their texts carrying the new reference.
 *
 * Not done here but done by the API: the API token (cached), the settings (cached), the recurrence count of
 * the customer's recent complaints in the category, the current acknowledgment template, rendering it.
 */
export const CREATE_CASE = `
WITH found AS (
  SELECT id FROM customers
  WHERE email_norm = $4::text OR phone_norm = $6::text
  ORDER BY (email_norm = $4::text) DESC LIMIT 1
), new_customer AS (
  INSERT INTO customers (id, name, email, email_norm, phone, phone_norm, created_at, updated_at)
  SELECT $1::uuid, $2::text, $3::text, $4::text, $5::text, $6::text, $7::timestamptz, $7::timestamptz
  WHERE NOT EXISTS (SELECT 1 FROM found)
  ON CONFLICT DO NOTHING
  RETURNING id
), customer AS (
  SELECT id FROM found UNION ALL SELECT id FROM new_customer
), customer_event AS (
  INSERT INTO audit_events (stream, seq, case_id, actor_kind, actor_id, source, action, at, changes, prev_hash, hash)
  SELECT 'customer:' || id, 0, NULL, 'user', $10::uuid, $11::text, 'customer.created', $7::timestamptz,
         $8::jsonb, '', ''
  FROM new_customer
  RETURNING id
), customer_personal AS (
  INSERT INTO audit_personal (event_id, customer_id, values)
  SELECT id, $1::uuid, $9::jsonb FROM customer_event
), counter AS (
  INSERT INTO reference_counters (prefix, year, last) VALUES ($12::text, $13::int, 1)
  ON CONFLICT (prefix, year) DO UPDATE SET last = reference_counters.last + 1
  RETURNING last
), new_case AS (
  INSERT INTO cases (id, reference, type, status, level, channel, summary, description, category, severity,
    desired_remedy, product_ref, customer_id, customer_name, received_at, logged_at, received_by_id,
    logged_by_id, owner_id, version, policy_version, calendar_version, acknowledge_due_at, assign_due_at,
    resolve_due_at, updated_at)
  SELECT $14::uuid, $12::text || '-' || $13::int || '-' || lpad(last::text, greatest(6, length(last::text)), '0'),
    $15::case_type, 'new', $16::smallint, $17::channel, $18::text, $19::text, $20::text, $21::severity,
    $22::text, $23::text, (SELECT id FROM customer), $2::text, $7::timestamptz, $7::timestamptz, $10::uuid,
    $10::uuid, NULL, 1, $24::int, $25::int, $26::timestamptz, $27::timestamptz, $28::timestamptz, $7::timestamptz
  FROM counter
  RETURNING id, reference, customer_id
), case_event AS (
  INSERT INTO audit_events (stream, seq, case_id, actor_kind, actor_id, source, action, at, changes, prev_hash, hash)
  SELECT 'case:' || id, 0, id, 'user', $10::uuid, $11::text, 'case.created', $7::timestamptz,
         $29::jsonb || jsonb_build_object('reference', jsonb_build_object('new', reference),
                                          'customerId', jsonb_build_object('new', customer_id)),
         '', ''
  FROM new_case
  RETURNING id
), case_personal AS (
  INSERT INTO audit_personal (event_id, customer_id, values)
  SELECT case_event.id, new_case.customer_id, $30::jsonb FROM case_event, new_case
), case_link AS (
  INSERT INTO case_links (token_hash, case_id, created_at)
  SELECT $31::text, id, $7::timestamptz FROM new_case WHERE $3::text IS NOT NULL
), email_on_file AS (
  INSERT INTO correspondence (id, case_id, kind, direction, occurred_at, recorded_at, author_id, from_address,
    to_address, subject, body, message_id, template_key, delivery_status)
  SELECT $32::uuid, id, 'email', 'outbound', $7::timestamptz, $7::timestamptz, $10::uuid, 'complaints@bench.example',
    $3::text, replace($33::text, '{reference}', reference), replace($34::text, '{reference}', reference),
    $35::text, 'acknowledgment', 'pending'
  FROM new_case WHERE $3::text IS NOT NULL
), email_queued AS (
  INSERT INTO outbox (id, case_id, correspondence_id, to_address, subject, text_body, html_body, message_id,
    on_sent, status, next_attempt_at, created_at)
  SELECT $36::uuid, id, $32::uuid, $3::text, replace($33::text, '{reference}', reference),
    replace($34::text, '{reference}', reference), replace($37::text, '{reference}', reference), $35::text,
    'acknowledge', 'pending', $7::timestamptz, $7::timestamptz
  FROM new_case WHERE $3::text IS NOT NULL
)
SELECT reference FROM new_case`;

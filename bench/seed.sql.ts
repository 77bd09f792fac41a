/**
 * The SQL that seeds a benchmark database. Rows are made by generate_series in the database, not sent
 * row by row. Random draws use random(), so every run (and every batch) gets fresh but similar data.
 */

/** Session helpers: `pick(array, r)` draws an element with r in [0, 1); `zipf_words` makes filler text. */
export const HELPERS = [
  // A valid version-4 UUID derived from a name, so seeded rows can refer to each other by number.
  `CREATE FUNCTION pg_temp.uuid_of(name text) RETURNS uuid
  LANGUAGE sql IMMUTABLE AS $$ SELECT overlay(overlay(md5(name) placing '4' from 13) placing '8' from 17)::uuid $$`,
  `CREATE FUNCTION pg_temp.pick(items anyarray, r float8) RETURNS anyelement
  LANGUAGE sql IMMUTABLE AS 'SELECT items[1 + floor(r * cardinality(items))::int]'`,
  `CREATE FUNCTION pg_temp.person(first_names text[], last_names text[], n int) RETURNS text
  LANGUAGE sql IMMUTABLE AS $$
    SELECT first_names[1 + n % cardinality(first_names)] || ' '
        || last_names[1 + (n / cardinality(first_names)) % cardinality(last_names)]
  $$`,
  `CREATE FUNCTION pg_temp.zipf_words(words text[], n int) RETURNS text
  LANGUAGE sql VOLATILE AS $$
    SELECT string_agg(words[least(cardinality(words), floor(exp(random() * ln(cardinality(words) + 1)))::int)], ' ')
    FROM generate_series(1, n)
  $$`,
];

/** Staff who own and log cases. $1 count, $2 first names, $3 last names, $4 now. */
export const INSERT_STAFF = `
INSERT INTO users (id, email, name, password_hash, roles, created_at, updated_at)
SELECT pg_temp.uuid_of('bench-staff-' || i), 'staff' || i || '@bench.example', pg_temp.person($2, $3, i * 7),
       '!disabled', '{agent}', $4, $4
FROM generate_series(1, $1::int) AS i
RETURNING id`;

/** Customers numbered $1..$2; the name and id follow from the number, so cases can refer to them. */
export const INSERT_CUSTOMERS = `
INSERT INTO customers (id, name, email, email_norm, phone, phone_norm, created_at, updated_at)
SELECT pg_temp.uuid_of('bench-customer-' || i), name, email, lower(email),
       CASE WHEN i % 2 = 0 THEN '071 ' || lpad(i::text, 8, '0') END,
       CASE WHEN i % 2 = 0 THEN '+4471' || lpad(i::text, 8, '0') END,
       created_at, created_at
FROM (
  SELECT i, pg_temp.person($3, $4, i) AS name,
         lower(replace(pg_temp.person($3, $4, i), ' ', '.')) || i || '@' || ($5::text[])[1 + i % cardinality($5::text[])] AS email,
         $6::timestamptz - random() * interval '730 days' AS created_at
  FROM generate_series($1::int, $2::int) AS i
) AS c`;

/**
 * Cases numbered $3..$4 of $2, received over the two years before $1 (case g at about g/N of the way).
 * Status follows age (recent cases open, old ones closed, a few stuck); references continue each
 * prefix-and-year counter, which the statement moves on as the app does.
 * Parameters: $1 now, $2 total cases, $3–$4 the numbers of this batch, $5 customers, $6 words,
 * $7 summary phrases, $8 products, $9 categories, $10 channel mix, $11 severity mix, $12 staff ids,
 * $13–$14 first and last names, $15 remedies, $16–$19 status mixes by age (< 2 days, < 7, < 30, older),
 * $20–$21 policy and calendar versions.
 */
export const INSERT_CASES = `
WITH base AS (
  SELECT g,
         $1::timestamptz - (($2::int - g + random()) / $2::int) * interval '730 days' AS received_at,
         random() AS r_status, random() AS r_level, random() AS r_resolve
  FROM generate_series($3::int, $4::int) AS g
), shaped AS (
  SELECT base.*,
         CASE WHEN random() < 0.85 THEN 'CMP' ELSE 'INC' END AS prefix,
         least($1::timestamptz, received_at + random() * interval '2 hours') AS logged_at,
         CASE WHEN random() < 0.6 THEN 1 + floor(random() * $5::int)::int END AS customer_no,
         CASE
           WHEN received_at > $1::timestamptz - interval '2 days' THEN pg_temp.pick($16::text[], r_status)
           WHEN received_at > $1::timestamptz - interval '7 days' THEN pg_temp.pick($17::text[], r_status)
           WHEN received_at > $1::timestamptz - interval '30 days' THEN pg_temp.pick($18::text[], r_status)
           ELSE pg_temp.pick($19::text[], r_status)
         END AS status,
         nullif(pg_temp.pick($11::text[], random()), 'none') AS severity,
         pg_temp.pick($7::text[], random()) AS phrase,
         pg_temp.pick($8::text[], random()) AS product,
         received_at + (1 + r_resolve * 9) * interval '1 day' AS resolve_at
  FROM base
), numbered AS (
  SELECT s.*, extract(year FROM s.logged_at AT TIME ZONE 'UTC')::int AS year,
         coalesce(rc.last, 0) + row_number() OVER (
           PARTITION BY s.prefix, extract(year FROM s.logged_at AT TIME ZONE 'UTC') ORDER BY s.logged_at, s.g
         ) AS ref_no
  FROM shaped s
  LEFT JOIN reference_counters rc
    ON rc.prefix = s.prefix AND rc.year = extract(year FROM s.logged_at AT TIME ZONE 'UTC')::int
), counters AS (
  INSERT INTO reference_counters (prefix, year, last)
  SELECT prefix, year, max(ref_no) FROM numbered GROUP BY prefix, year
  ON CONFLICT (prefix, year) DO UPDATE SET last = excluded.last
)
INSERT INTO cases (id, reference, type, status, level, channel, summary, description, category, severity,
  desired_remedy, product_ref, customer_id, customer_name, received_at, logged_at, received_by_id, logged_by_id,
  owner_id, version, policy_version, calendar_version, acknowledge_due_at, assign_due_at, resolve_due_at,
  acknowledged_at, assigned_at, resolved_at, closed_at, resolution_notes, updated_at)
SELECT
  -- A UUIDv7-shaped id (time first), as the app makes.
  (lpad(to_hex((extract(epoch FROM logged_at) * 1000)::bigint), 12, '0') || '7'
    || substr(md5(g::text), 1, 3) || '8' || substr(md5(g::text), 4, 15))::uuid,
  prefix || '-' || year || '-' || lpad(ref_no::text, greatest(6, length(ref_no::text)), '0'),
  CASE prefix WHEN 'CMP' THEN 'complaint' ELSE 'incident' END::case_type,
  status::case_status,
  CASE WHEN severity = 'critical' OR r_level < 0.04 THEN 3 WHEN r_level < 0.16 THEN 2 ELSE 1 END,
  pg_temp.pick($10::text[], random())::channel,
  upper(left(phrase, 1)) || substr(phrase, 2) || ': ' || product,
  'Customer reports ' || phrase || ' (' || product || '). ' || pg_temp.zipf_words($6::text[], 15 + g % 50) || '.',
  CASE WHEN random() < 0.95 THEN pg_temp.pick($9::text[], random()) END,
  severity::severity,
  CASE WHEN random() < 0.4 THEN pg_temp.pick($15::text[], random()) END,
  CASE WHEN random() < 0.5 THEN 'ORD-' || (10000000 + g) END,
  pg_temp.uuid_of('bench-customer-' || customer_no),
  pg_temp.person($13, $14, customer_no),
  received_at, logged_at,
  pg_temp.pick($12::uuid[], random()), pg_temp.pick($12::uuid[], random()),
  CASE WHEN status NOT IN ('new', 'acknowledged') THEN pg_temp.pick($12::uuid[], random()) END,
  array_position('{new,acknowledged,assigned,investigating,awaiting_customer,resolved,closed}'::text[], status),
  $20::int, $21::int,
  received_at + interval '24 hours', received_at + interval '1 day', received_at + interval '7 days',
  CASE WHEN status <> 'new' THEN least($1::timestamptz, received_at + interval '3 hours') END,
  CASE WHEN status NOT IN ('new', 'acknowledged') THEN least($1::timestamptz, received_at + interval '20 hours') END,
  CASE WHEN status IN ('resolved', 'closed') THEN least($1::timestamptz, resolve_at) END,
  CASE WHEN status = 'closed' THEN least($1::timestamptz, resolve_at + interval '2 days') END,
  CASE WHEN status IN ('resolved', 'closed') THEN 'Resolved with ' || pg_temp.pick($15::text[], r_resolve) END,
  CASE status
    WHEN 'new' THEN logged_at
    WHEN 'closed' THEN least($1::timestamptz, resolve_at + interval '2 days')
    WHEN 'resolved' THEN least($1::timestamptz, resolve_at)
    ELSE least($1::timestamptz, received_at + interval '1 day')
  END
FROM numbered`;

/** The secondary indexes of `cases` (not the primary key or unique ones), to drop during the load. */
export const SECONDARY_INDEXES = `
SELECT indexrelid::regclass::text AS name, pg_get_indexdef(indexrelid) AS definition
FROM pg_index WHERE indrelid = 'cases'::regclass AND NOT indisprimary AND NOT indisunique`;

/** Current settings versions, which seeded cases record as the app does. */
export const SETTINGS_VERSIONS = `
SELECT kind, max(version) AS version FROM settings_versions GROUP BY kind`;

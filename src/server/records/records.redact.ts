import { sql } from "drizzle-orm";
import { type Db, queryRows } from "../db/client.js";

/**
 * R10 disposal and R11 erasure take the same things out of case files: personal data, free text and
 * attachments (GDPR Art 5(1)(e), Art 17). What stays is the statistical skeleton — dates, type, channel,
 * category, severity, level, outcome, timings, remedy amount, the customer's internal key — so counts and
 * reports stay true. The caller has named the record operation (records.guard.ts) when a file is archived.
 */
export type Marker = "[disposed]" | "[erased]";

export type RemovedCounts = Record<string, number>;

const ids = (caseIds: string[]) => sql`${`{${caseIds.join(",")}}`}::uuid[]`;

/** Counts of rows touched per case, from `RETURNING case_id` rows. */
function tally(into: Map<string, RemovedCounts>, key: string, rows: { case_id: string }[]) {
  for (const { case_id } of rows) {
    const counts = into.get(case_id);
    if (counts) counts[key] = (counts[key] ?? 0) + 1;
  }
}

/** Removes personal data and free text from these cases' files; returns what went, per case. */
export async function redactCaseFiles(
  tx: Db,
  caseIds: string[],
  marker: Marker,
  now: Date,
  options: { disposed: boolean },
): Promise<Map<string, RemovedCounts>> {
  const removed = new Map(caseIds.map((id) => [id, {} as RemovedCounts]));
  if (caseIds.length === 0) return removed;
  const list = ids(caseIds);
  await tx.execute(sql`
    UPDATE cases SET summary = ${marker}, description = ${marker}, desired_remedy = NULL, customer_name = NULL,
      resolution_notes = NULL, resolve_due_reason = NULL, confirmation_note = NULL, impact = NULL,
      product_ref = NULL, version = version + 1, updated_at = ${now}
      ${options.disposed ? sql`, disposed_at = ${now}` : sql``}
    WHERE id = ANY(${list})`);
  tally(
    removed,
    "investigation",
    await queryRows(
      tx,
      sql`UPDATE case_investigations SET findings = NULL, people_interviewed = NULL, records_reviewed = NULL,
            root_cause = NULL, not_investigated_reason = NULL
          WHERE case_id = ANY(${list}) RETURNING case_id`,
    ),
  );
  tally(
    removed,
    "actionItems",
    await queryRows(
      tx,
      sql`UPDATE action_items SET text = ${marker}, waived_reason = NULL WHERE case_id = ANY(${list}) RETURNING case_id`,
    ),
  );
  tally(
    removed,
    "messages",
    await queryRows(
      tx,
      sql`UPDATE correspondence SET from_address = NULL, to_address = NULL, subject = NULL, body = ${marker},
            body_html = NULL
          WHERE case_id = ANY(${list}) RETURNING case_id`,
    ),
  );
  const files = await queryRows<{ case_id: string; sha256: string }>(
    tx,
    sql`DELETE FROM attachments WHERE case_id = ANY(${list}) RETURNING case_id, sha256`,
  );
  tally(removed, "files", files);
  const bundles = await queryRows<{ case_id: string; sha256: string }>(
    tx,
    sql`UPDATE archive_register SET bundle_disposed_at = ${now}
        WHERE case_id = ANY(${list}) AND bundle_disposed_at IS NULL RETURNING case_id, bundle_sha256 AS sha256`,
  );
  tally(removed, "bundles", bundles);
  await deleteUnusedBlobs(
    tx,
    [...files, ...bundles].map((f) => f.sha256),
  );
  tally(
    removed,
    "surveyAnswers",
    await queryRows(
      tx,
      sql`UPDATE feedback_responses SET comment = NULL WHERE case_id = ANY(${list}) AND comment IS NOT NULL
          RETURNING case_id`,
    ),
  );
  await tx.execute(
    sql`UPDATE feedback_invitations SET emailed_to = NULL WHERE case_id = ANY(${list}) AND emailed_to IS NOT NULL`,
  );
  // Mail not yet sent about a file that no longer says anything is never sent.
  tally(
    removed,
    "emails",
    await queryRows(
      tx,
      sql`UPDATE outbox SET to_address = ${marker}, subject = ${marker}, text_body = ${marker}, html_body = NULL,
            status = CASE WHEN status IN ('pending', 'sending') THEN 'dead' ELSE status END,
            last_error = CASE WHEN status IN ('pending', 'sending') THEN ${`case file ${marker}`} ELSE last_error END
          WHERE case_id = ANY(${list}) RETURNING case_id`,
    ),
  );
  await tx.execute(sql`DELETE FROM case_links WHERE case_id = ANY(${list})`);
  await tx.execute(sql`
    UPDATE notifications n SET message = c.reference || ' ' || ${marker}
    FROM cases c WHERE c.id = n.case_id AND n.case_id = ANY(${list})`);
  tally(
    removed,
    "auditValues",
    await queryRows(
      tx,
      sql`UPDATE audit_personal p SET values = NULL, erased_at = ${now}
          FROM audit_events e
          WHERE e.id = p.event_id AND e.case_id = ANY(${list}) AND p.values IS NOT NULL
          RETURNING e.case_id`,
    ),
  );
  return removed;
}

/** A blob goes when nothing else uses it: another case's file, a procedure document, a live bundle. */
async function deleteUnusedBlobs(tx: Db, hashes: string[]): Promise<void> {
  if (hashes.length === 0) return;
  await tx.execute(sql`
    DELETE FROM attachment_blobs b WHERE b.sha256 = ANY(${`{${[...new Set(hashes)].join(",")}}`}::text[])
      AND NOT EXISTS (SELECT 1 FROM attachments a WHERE a.sha256 = b.sha256)
      AND NOT EXISTS (SELECT 1 FROM procedures p WHERE p.file_sha256 = b.sha256)
      AND NOT EXISTS (SELECT 1 FROM archive_register r WHERE r.bundle_sha256 = b.sha256 AND r.bundle_disposed_at IS NULL)`);
}

/** GDPR Art 17: the customer's own record and every audit value kept about them. */
export async function eraseCustomerRecord(tx: Db, customerId: string, now: Date): Promise<number> {
  await tx.execute(sql`
    UPDATE customers SET name = NULL, email = NULL, email_norm = NULL, phone = NULL, phone_norm = NULL,
      updated_at = ${now}, erased_at = coalesce(erased_at, ${now})
    WHERE id = ${customerId}`);
  const rows = await queryRows(
    tx,
    sql`UPDATE audit_personal SET values = NULL, erased_at = ${now}
        WHERE customer_id = ${customerId} AND values IS NOT NULL RETURNING event_id`,
  );
  return rows.length;
}

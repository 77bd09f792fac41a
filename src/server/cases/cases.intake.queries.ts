import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Actor } from "../context.js";
import type { CustomerRow } from "../customers/customers.queries.js";
import { CUSTOMER_PERSONAL_FIELDS } from "../customers/customers.service.js";
import { type Db, queryRows } from "../db/client.js";
import { cases, customers } from "../db/schema/index.js";
import { type CaseFollowUp, REFERENCE_MARK } from "./cases.acknowledgment.js";
import { auditCtes, type SealedChanges, sealChanges } from "./cases.intake.audit.js";
import type { CaseRow, NewCase } from "./cases.queries.js";
import { caseShape, jsonRecord, rowShape } from "./cases.rows.js";

/**
 * The two statements of an intake (`logCase`): the customer, then the case. Each replaces several
 * round trips of the first version (customer look-up, insert, its audit event, recurrence count; counter,
 * case, audit event, read-back), which mattered less for the work they did than for the reference
 * counter's row lock being held across them (bench/analysis.md).
 */

const customerShape = rowShape<CustomerRow>(customers);

export interface IntakeContact {
  name: string;
  email: string | null;
  phone: string | null;
  emailNorm: string | null;
  phoneNorm: string | null;
}

export interface IntakeCustomer {
  customer: CustomerRow;
  /** Inserted by this statement (with its `customer.created` event). */
  created: boolean;
  /** R5: the customer's complaints in the category received since the window's start (0 without one). */
  recentComplaints: number;
  /** R7: the current version of the acknowledgment template (0: the shipped text), read here to spare a statement. */
  acknowledgmentVersion: number;
}

/**
 * R1: the customer of an intake, in one statement — found by email (an email match wins) or normalised
 * phone, else inserted with its audited `customer.created` event — and R5: their recent complaints in
 * `recurrence.category`. Undefined when another request inserted this contact since our snapshot
 * (the insert then does nothing): the caller looks again.
 */
export async function findOrInsertIntakeCustomer(
  db: Db,
  actor: Actor,
  now: Date,
  contact: IntakeContact,
  recurrence: { category: string; since: Date } | null,
): Promise<IntakeCustomer | undefined> {
  const id = randomUUID();
  const { emailNorm, phoneNorm } = contact;
  const sealed = sealChanges(
    { name: { new: contact.name }, email: { new: contact.email }, phone: { new: contact.phone } },
    CUSTOMER_PERSONAL_FIELDS,
  );
  const recent = recurrence
    ? sql`(SELECT count(*) FROM cases WHERE customer_id = chosen.id AND type = 'complaint'
           AND lower(category) = ${recurrence.category.toLowerCase()} AND received_at >= ${recurrence.since})`
    : sql`0`;
  const [row] = await queryRows<Record<string, unknown>>(
    db,
    sql`WITH found AS (
          SELECT ${customerShape.columns()} FROM customers
          WHERE email_norm = ${emailNorm}::text OR phone_norm = ${phoneNorm}::text
          ORDER BY (email_norm = ${emailNorm}::text) DESC NULLS LAST
          LIMIT 1
        ), inserted AS (
          INSERT INTO customers (id, name, email, email_norm, phone, phone_norm, created_at, updated_at)
          SELECT ${id}::uuid, ${contact.name}, ${contact.email}::text, ${emailNorm}::text, ${contact.phone}::text,
                 ${phoneNorm}::text, ${now}::timestamptz, ${now}::timestamptz
          WHERE NOT EXISTS (SELECT 1 FROM found)
          ON CONFLICT DO NOTHING
          RETURNING ${customerShape.columns()}
        )${auditCtes("customer", {
          from: "inserted",
          stream: sql`'customer:' || inserted.id`,
          caseId: sql`NULL::uuid`,
          changes: sql`${JSON.stringify(sealed.changes)}::jsonb`,
          action: "customer.created",
          actor,
          at: now,
          stored: sealed.stored,
          customerId: id,
        })}, chosen AS (
          SELECT *, false AS created FROM found UNION ALL SELECT *, true AS created FROM inserted
        )
        SELECT chosen.*, ${recent}::int AS recent_complaints,
               (SELECT coalesce(max(version), 0) FROM template_versions WHERE key = 'acknowledgment')
                 AS acknowledgment_version
        FROM chosen`,
  );
  if (!row) return undefined;
  return {
    customer: customerShape.map(row),
    created: row.created === true,
    recentComplaints: Number(row.recent_complaints),
    acknowledgmentVersion: Number(row.acknowledgment_version),
  };
}

export interface CaseIntake {
  prefix: "CMP" | "INC";
  year: number;
  values: NewCase;
  /** The `case.created` event: its sealed changes, without the reference (added from the counter). */
  event: { actor: Actor; at: Date; sealed: SealedChanges; customerId: string | null };
  /** Rows of the new case (its acknowledgment email) whose strings may hold REFERENCE_MARK. */
  followUps: CaseFollowUp[];
}

/**
 * R1: inserts the case with the next reference of its prefix and year, its audited `case.created` event
 * and its follow-up rows, in one statement, and returns the row. The counter row is locked from this
 * statement to the commit — so nothing else is sent in between — and incremented in the creating
 * transaction: a rolled-back create gives its number back, references have no gaps.
 */
export async function insertCaseWithReference(db: Db, intake: CaseIntake): Promise<CaseRow> {
  const { prefix, year, event } = intake;
  const record = jsonRecord(cases, intake.values, "given");
  const followUps = intake.followUps.map((followUp, i) => {
    const row = jsonRecord(followUp.table, followUp.values, "given");
    // The rendered texts hold REFERENCE_MARK where the reference goes (letters and digits: JSON-safe).
    const json = row.json.includes(REFERENCE_MARK)
      ? sql`replace(${row.json}, ${REFERENCE_MARK}, new_case.reference)`
      : sql`${row.json}`;
    return sql`, ${sql.identifier(`follow_up_${i}`)} AS (
      INSERT INTO ${followUp.table} (${row.names})
      SELECT ${row.fields} FROM new_case, jsonb_populate_record(NULL::${followUp.table}, ${json}::jsonb) AS given
    )`;
  });
  const [row] = await queryRows<Record<string, unknown>>(
    db,
    sql`WITH counter AS (
          INSERT INTO reference_counters (prefix, year, last) VALUES (${prefix}, ${year}, 1)
          ON CONFLICT (prefix, year) DO UPDATE SET last = reference_counters.last + 1
          RETURNING ${prefix}::text || '-' || ${year}::int || '-' || lpad(last::text, greatest(6, length(last::text)), '0')
                    AS reference
        ), new_case AS (
          INSERT INTO cases (reference, ${record.names})
          SELECT counter.reference, ${record.fields}
          FROM counter, jsonb_populate_record(NULL::cases, ${record.json}::jsonb) AS given
          RETURNING ${caseShape.columns()}
        )${auditCtes("case", {
          from: "new_case",
          stream: sql`'case:' || new_case.id`,
          caseId: sql`new_case.id`,
          changes: sql`${JSON.stringify(event.sealed.changes)}::jsonb
                       || jsonb_build_object('reference', jsonb_build_object('new', new_case.reference))`,
          action: "case.created",
          actor: event.actor,
          at: event.at,
          stored: event.sealed.stored,
          customerId: event.customerId,
        })}${sql.join(followUps)}
        SELECT * FROM new_case`,
  );
  return caseShape.map(row!);
}

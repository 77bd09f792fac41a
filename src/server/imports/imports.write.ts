import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { DateTime } from "luxon";
import { v7 as uuidv7 } from "uuid";
import type { Channel } from "../../shared/enums.js";
import { type AuditInput, appendAuditPerStream } from "../audit/audit.service.js";
import type { NewCase } from "../cases/cases.queries.js";
import type { Ctx } from "../context.js";
import { CUSTOMER_PERSONAL_FIELDS } from "../customers/customers.service.js";
import { type Db, queryRows } from "../db/client.js";
import { CASE_PERSONAL_FIELDS, caseImports, cases, customers } from "../db/schema/index.js";
import { levelNow } from "../escalation/escalation.rules.js";
import type { BusinessCalendar } from "../sla/sla.calendar.js";
import { computeDeadlines, type Policy } from "../sla/sla.policy.js";
import { scheduleOf } from "../sla/sla.schedule.js";
import type { LegacyRow } from "./imports.rows.js";

/**
 * R2: writes checked legacy rows in bulk — a few statements per 500 rows, all in the caller's transaction
 * so a file is imported whole or not at all. Customers are matched as intake matches them (email first,
 * then phone); references come from the same gapless counter as intake, a block at a time; each case gets
 * a `case.imported` event naming the file, its SHA-256 and the row.
 */
export interface ImportContext {
  importId: string;
  fileName: string;
  fileSha256: string;
  channel: Channel;
  policy: { version: number; body: Policy };
  calendar: { version: number; body: BusinessCalendar };
  /** Handler names and emails (lower case) of staff who can own cases → user id. */
  owners: Map<string, string>;
}

const CHUNK = 500;

export async function writeLegacyRows(
  tx: Db,
  ctx: Ctx,
  rows: LegacyRow[],
  ic: ImportContext,
): Promise<Map<number, string>> {
  const references = new Map<number, string>();
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    const customerIds = await customersFor(tx, ctx, chunk);
    const numbers = await allocateReferences(tx, ctx, ic, chunk.length);
    const now = ctx.clock.now();
    const values = chunk.map((row, n) => caseValues(ctx, row, ic, customerIds[n]!, numbers[n]!, now));
    await tx.insert(cases).values(values);
    await tx.insert(caseImports).values(
      chunk.map((row, n) => ({
        caseId: values[n]!.id,
        importId: ic.importId,
        rowKey: row.key,
        fileName: ic.fileName,
        fileSha256: ic.fileSha256,
        rowNumber: row.number,
        handler: row.handler,
        importedAt: now,
        importedById: ctx.actor.userId,
      })),
    );
    await appendAuditPerStream(
      tx,
      ctx.actor,
      now,
      chunk.map((row, n) => importedEvent(row, values[n]!, ic)),
    );
    for (const [n, row] of chunk.entries()) references.set(row.number, values[n]!.reference);
  }
  return references;
}

function importedEvent(
  row: LegacyRow,
  c: NewCase & { id: string; reference: string },
  ic: ImportContext,
): AuditInput {
  return {
    stream: `case:${c.id}`,
    caseId: c.id,
    action: "case.imported",
    changes: {
      reference: { new: c.reference },
      status: { new: c.status },
      receivedAt: { new: c.receivedAt },
      closedAt: { new: c.closedAt ?? null },
      customerName: { new: row.name },
      summary: { new: c.summary },
      description: { new: c.description },
      resolution: { new: row.actions },
      legacyHandler: { new: row.handler },
      ownerId: { new: c.ownerId ?? null },
      import: { new: { id: ic.importId, file: ic.fileName, sha256: ic.fileSha256, row: row.number } },
    },
    personal: CASE_PERSONAL_FIELDS,
    customerId: c.customerId ?? null,
  };
}

function caseValues(
  ctx: Ctx,
  row: LegacyRow,
  ic: ImportContext,
  customerId: string,
  reference: string,
  now: Date,
) {
  const { policy, calendar } = ic;
  const deadlines = computeDeadlines(policy.body, calendar.body, row.receivedAt);
  const ownerId =
    row.status === "in_progress" && row.handler ? (ic.owners.get(row.handler.toLowerCase()) ?? null) : null;
  const status =
    row.status === "new" ? "new" : row.status === "closed" ? "closed" : ownerId ? "assigned" : "acknowledged";
  // A date-only closure on the day of receipt would read as before it: the closure is then the receipt.
  const closedAt = row.closedAt ? new Date(Math.max(row.closedAt.getTime(), row.receivedAt.getTime())) : null;
  const open = status !== "closed";
  const { level, cause } = open
    ? levelNow(
        { level: 1, severity: null, receivedAt: row.receivedAt, pausedAt: null, pausedMinutes: 0 },
        { policy: policy.body, calendar: calendar.body },
        now,
      )
    : { level: 1, cause: null };
  const base = {
    id: uuidv7(),
    reference,
    type: "complaint" as const,
    status,
    level,
    channel: ic.channel,
    summary: row.summary,
    description: row.details,
    customerId,
    customerName: row.name,
    receivedAt: row.receivedAt,
    loggedAt: now,
    loggedById: ctx.actor.userId,
    ownerId,
    policyVersion: policy.version,
    calendarVersion: calendar.version,
    acknowledgeDueAt: deadlines.acknowledge,
    assignDueAt: deadlines.assign,
    resolveDueAt: deadlines.resolve,
    resolvedAt: closedAt,
    closedAt,
    resolutionNotes: row.actions,
    updatedAt: now,
    // Imported overdue work is in the breached queue already; it does not page every manager on arrival.
    nextDueAlertedAt: open ? now : null,
    ...(cause ? { levelCause: cause, escalatedAt: now } : {}),
  } satisfies NewCase & { reference: string };
  const schedule = scheduleOf(
    { ...base, acknowledgedAt: null, assignedAt: null, pausedAt: null, pausedMinutes: 0 },
    policy.body,
    calendar.body,
  );
  return { ...base, ...schedule };
}

/** A block of references from the intake counter (the year of logging), in this transaction: no gaps. */
async function allocateReferences(tx: Db, ctx: Ctx, ic: ImportContext, n: number): Promise<string[]> {
  const year = DateTime.fromJSDate(ctx.clock.now(), { zone: ic.calendar.body.timezone }).year;
  const [row] = await queryRows<{ last: number }>(
    tx,
    sql`INSERT INTO reference_counters (prefix, year, last) VALUES ('CMP', ${year}, ${n})
        ON CONFLICT (prefix, year) DO UPDATE SET last = reference_counters.last + ${n}
        RETURNING last`,
  );
  const last = Number(row!.last);
  return Array.from({ length: n }, (_, i) => {
    const number = String(last - n + 1 + i);
    return `CMP-${year}-${number.padStart(Math.max(6, number.length), "0")}`;
  });
}

/** Each row's customer: an existing one by email, then by phone; else one new customer per contact. */
async function customersFor(tx: Db, ctx: Ctx, rows: LegacyRow[]): Promise<string[]> {
  const emails = [...new Set(rows.map((r) => r.emailNorm).filter((e): e is string => Boolean(e)))];
  const phones = [...new Set(rows.map((r) => r.phoneNorm).filter((p): p is string => Boolean(p)))];
  const known =
    emails.length || phones.length
      ? await queryRows<{ id: string; email_norm: string | null; phone_norm: string | null }>(
          tx,
          sql`SELECT id, email_norm, phone_norm FROM customers
              WHERE email_norm = ANY(${`{${emails.map(quote).join(",")}}`}::text[])
                 OR phone_norm = ANY(${`{${phones.map(quote).join(",")}}`}::text[])`,
        )
      : [];
  const byEmail = new Map(known.filter((k) => k.email_norm).map((k) => [k.email_norm!, k.id]));
  const byPhone = new Map(known.filter((k) => k.phone_norm).map((k) => [k.phone_norm!, k.id]));
  const created: (typeof customers.$inferInsert)[] = [];
  const now = ctx.clock.now();
  const ids = rows.map((row) => {
    const found =
      (row.emailNorm && byEmail.get(row.emailNorm)) || (row.phoneNorm && byPhone.get(row.phoneNorm));
    if (found) return found;
    const id = randomUUID();
    created.push({
      id,
      name: row.name,
      email: row.email,
      emailNorm: row.emailNorm,
      phone: row.phone,
      phoneNorm: byPhone.has(row.phoneNorm ?? "") ? null : row.phoneNorm,
      createdAt: now,
      updatedAt: now,
    });
    if (row.emailNorm) byEmail.set(row.emailNorm, id);
    if (row.phoneNorm && !byPhone.has(row.phoneNorm)) byPhone.set(row.phoneNorm, id);
    return id;
  });
  if (created.length) {
    await tx.insert(customers).values(created);
    await appendAuditPerStream(
      tx,
      ctx.actor,
      now,
      created.map((c) => ({
        stream: `customer:${c.id}`,
        action: "customer.created",
        changes: { name: { new: c.name }, email: { new: c.email }, phone: { new: c.phone } },
        personal: CUSTOMER_PERSONAL_FIELDS,
        customerId: c.id,
      })),
    );
  }
  return ids;
}

/** A value inside a Postgres array literal: quoted, with quotes and backslashes escaped. */
const quote = (v: string) => `"${v.replace(/["\\]/g, "\\$&")}"`;

import { DateTime } from "luxon";
import { v7 as uuidv7 } from "uuid";
import type { CreateCaseInput } from "../../shared/cases.schema.js";
import type { Change } from "../audit/audit.service.js";
import type { Ctx } from "../context.js";
import {
  addMissingContacts,
  type CustomerInput,
  customerContactKeys,
  lacksGivenContacts,
} from "../customers/customers.service.js";
import type { Db } from "../db/client.js";
import { levelNow } from "../escalation/escalation.rules.js";
import type { CurrentSettings } from "../settings/settings.service.js";
import type { Policy } from "../sla/sla.policy.js";
import { computeDeadlines } from "../sla/sla.policy.js";
import { scheduleOf } from "../sla/sla.schedule.js";
import { findOrInsertIntakeCustomer, type IntakeCustomer } from "./cases.intake.queries.js";
import type { NewCase } from "./cases.queries.js";

/** The parts of `logCase` that decide, apart from the statements that write. */

export interface Recurrence {
  category: string;
  since: Date;
}

/** R5: a complaint in a category counts towards recurrence with the customer's others since the window. */
export function recurrenceWindow(
  input: CreateCaseInput,
  receivedAt: Date,
  policy: Policy,
): Recurrence | null {
  if (input.type !== "complaint" || !input.category) return null;
  return {
    category: input.category,
    since: new Date(receivedAt.getTime() - policy.recurrence.windowDays * 86_400_000),
  };
}

export interface PlannedCase {
  prefix: "CMP" | "INC";
  /** The year of logging in the organisation's time zone: the reference's. */
  year: number;
  /** The intake's fields (what the `case.created` event records, with the id and update time). */
  logged: NewCase & { id: string; receivedAt: Date; loggedAt: Date; updatedAt: Date };
  /** Everything the row gets: the intake plus its schedule and, when it starts above L1, why. */
  row: NewCase;
  /** The `case.created` event's changes (without the reference, which the counter gives). */
  changes: Record<string, Change>;
}

/**
 * R1, R4, R5: the new case's row — deadlines from receipt under the current calendar and policy, and the
 * level its elapsed business time, severity or recurrence calls for (a case logged late starts where it
 * would be by now; DESIGN.md).
 */
export function planNewCase(
  ctx: Ctx,
  input: CreateCaseInput,
  at: { now: Date; receivedAt: Date },
  settings: CurrentSettings,
  customer: { id: string; recurring: boolean } | null,
): PlannedCase {
  const { now, receivedAt } = at;
  const { calendar, policy } = settings;
  const deadlines = computeDeadlines(policy.body, calendar.body, receivedAt);
  const { level, cause } = levelNow(
    { level: 1, severity: input.severity ?? null, receivedAt, pausedAt: null, pausedMinutes: 0 },
    { policy: policy.body, calendar: calendar.body },
    now,
    { recurring: customer?.recurring ?? false },
  );
  const logged = {
    id: uuidv7(),
    type: input.type,
    status: "new" as const,
    level,
    channel: input.channel,
    summary: input.summary,
    description: input.description,
    category: input.category ?? null,
    severity: input.severity ?? null,
    desiredRemedy: input.desiredRemedy ?? null,
    productRef: input.productRef ?? null,
    customerId: customer?.id ?? null,
    customerName: input.customer?.name ?? null,
    receivedAt,
    loggedAt: now,
    receivedById: input.receivedById ?? ctx.actor.userId,
    loggedById: ctx.actor.userId,
    policyVersion: policy.version,
    calendarVersion: calendar.version,
    acknowledgeDueAt: deadlines.acknowledge,
    assignDueAt: deadlines.assign,
    resolveDueAt: deadlines.resolve,
    updatedAt: now,
  };
  const schedule = scheduleOf(
    { ...logged, acknowledgedAt: null, assignedAt: null, resolvedAt: null, pausedAt: null, pausedMinutes: 0 },
    policy.body,
    calendar.body,
  );
  const { id: _id, updatedAt: _updated, ...recorded } = logged;
  const changes: Record<string, Change> = Object.fromEntries(
    Object.entries(recorded).map(([field, value]) => [field, { new: value }]),
  );
  if (cause) changes.levelCause = { new: cause };
  return {
    prefix: input.type === "complaint" ? "CMP" : "INC",
    year: DateTime.fromJSDate(now, { zone: calendar.body.timezone }).year,
    logged,
    row: { ...logged, ...schedule, ...(cause ? { levelCause: cause, escalatedAt: now } : {}) },
    changes,
  };
}

/** Tries this often when other requests keep inserting the same contact at the same moment. */
const CUSTOMER_ATTEMPTS = 3;

/** R1: the intake's customer (found or created, audited), having gained any contact it lacked. */
export async function customerOfIntake(
  tx: Db,
  ctx: Ctx,
  input: CustomerInput,
  now: Date,
  recurrence: Recurrence | null,
): Promise<IntakeCustomer> {
  const contact = {
    name: input.name,
    email: input.email?.trim() || null,
    phone: input.phone?.trim() || null,
    ...customerContactKeys(ctx, input),
  };
  for (let attempt = 1; attempt <= CUSTOMER_ATTEMPTS; attempt++) {
    const found = await findOrInsertIntakeCustomer(tx, ctx.actor, now, contact, recurrence);
    // Undefined: another request inserted this contact after our snapshot; the next statement sees it.
    if (!found) continue;
    if (found.created || !lacksGivenContacts(found.customer, contact)) return found;
    // In a transaction of its own (a savepoint in the caller's): the update goes with its audit event.
    const customer = await tx.transaction((inner) =>
      addMissingContacts(inner, ctx, found.customer, contact, now),
    );
    return { ...found, customer };
  }
  throw new Error(`the customer of this intake could not be found or created in ${CUSTOMER_ATTEMPTS} tries`);
}

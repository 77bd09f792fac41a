import { DateTime } from "luxon";
import { v7 as uuidv7 } from "uuid";
import type { CaseView, CreateCaseInput, ListCasesQuery } from "../../shared/cases.schema.js";
import { SEED_STATUSES, type Status } from "../../shared/enums.js";
import { appendAudit } from "../audit/audit.service.js";
import type { Ctx } from "../context.js";
import { resolveCustomer } from "../customers/customers.service.js";
import type { Db } from "../db/client.js";
import { CASE_PERSONAL_FIELDS } from "../db/schema/index.js";
import { transact } from "../db/transact.js";
import { type FieldError, invalid, notFound } from "../errors.js";
import { levelNow } from "../escalation/escalation.rules.js";
import { caseMergeData } from "../mail/merge.js";
import { queueEmail } from "../mail/outbox.js";
import { computeDeadlines } from "../sla/sla.policy.js";
import { scheduleOf } from "../sla/sla.schedule.js";
import { findUserById } from "../users/users.queries.js";
import { decodeCursor, encodeCursor } from "./cases.cursor.js";
import { assertCanSeeCase, hiddenStatuses } from "./cases.policy.js";
import {
  type CaseFilter,
  type CaseWithRelations,
  countRecentComplaints,
  findCaseById,
  findCaseByReference,
  insertCaseWithReference,
  listCasePage,
} from "./cases.queries.js";
import { toCaseView, viewCase, viewContext } from "./cases.view.js";

/** A clock a few minutes ahead of ours is still "now", not the future. */
const CLOCK_SKEW_MS = 5 * 60_000;
/** Back-dating is for a complaint that reached us earlier, not for old records (those are imported). */
const MAX_BACKDATE_MS = 10 * 366 * 86_400_000;

function checkIntake(ctx: Ctx, input: CreateCaseInput, now: Date): FieldError[] {
  const errors: FieldError[] = [];
  if (input.type === "complaint") {
    if (!input.customer) {
      errors.push({
        field: "customer",
        message: "is required for a complaint: give the customer's name and a contact",
      });
    } else if (!input.customer.email && !input.customer.phone) {
      errors.push({
        field: "customer",
        message: "give an email or a phone number (at least one) so we can reply",
      });
    }
  }
  const receivedAt = input.receivedAt ? new Date(input.receivedAt).getTime() : now.getTime();
  if (receivedAt > now.getTime() + CLOCK_SKEW_MS) {
    errors.push({
      field: "receivedAt",
      message: "is in the future; give when the complaint actually arrived",
    });
  } else if (receivedAt < now.getTime() - MAX_BACKDATE_MS) {
    errors.push({
      field: "receivedAt",
      message: "is more than 10 years ago; old complaint logs come in through `redress import`",
    });
  }
  if (input.receivedById && ctx.actor.kind !== "user") {
    errors.push({ field: "receivedById", message: "can only be given by staff" });
  }
  return errors;
}

/** R1: log a complaint or incident with its reference, customer, deadlines and initial level; audited. */
export async function createCase(ctx: Ctx, input: CreateCaseInput): Promise<CaseView> {
  return transact(ctx, async (tx) => viewCase(ctx, await logCase(tx, ctx, input), tx));
}

/**
 * The work of {@link createCase} inside the caller's transaction, for callers that write more with the
 * new case (an inbound email and its attachments). Validates the intake first; nothing is written on error.
 */
export async function logCase(tx: Db, ctx: Ctx, input: CreateCaseInput): Promise<CaseWithRelations> {
  const now = ctx.clock.now();
  const errors = checkIntake(ctx, input, now);
  if (errors.length) throw invalid(errors);
  const receivedAt = input.receivedAt ? new Date(input.receivedAt) : now;
  const { calendar, policy } = await ctx.settings.current(tx, now.getTime());
  const deadlines = computeDeadlines(policy.body, calendar.body, receivedAt);
  const year = DateTime.fromJSDate(now, { zone: calendar.body.timezone }).year;
  const prefix = input.type === "complaint" ? "CMP" : "INC";
  if (input.receivedById) await assertActiveUser(tx, input.receivedById, "receivedById");
  const customer = input.customer ? await resolveCustomer(tx, ctx, input.customer, now) : null;
  const recurring =
    customer && input.type === "complaint" && input.category
      ? (await countRecentComplaints(
          tx,
          customer.id,
          input.category,
          new Date(receivedAt.getTime() - policy.body.recurrence.windowDays * 86_400_000),
        )) >= policy.body.recurrence.count
      : false;
  // A case logged late already carries the level its elapsed business time calls for (DESIGN.md).
  const { level, cause } = levelNow(
    { level: 1, severity: input.severity ?? null, receivedAt, pausedAt: null, pausedMinutes: 0 },
    { policy: policy.body, calendar: calendar.body },
    now,
    { recurring },
  );
  const caseId = uuidv7();
  const values = {
    id: caseId,
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
    {
      ...values,
      level,
      acknowledgedAt: null,
      assignedAt: null,
      resolvedAt: null,
      pausedAt: null,
      pausedMinutes: 0,
    },
    policy.body,
    calendar.body,
  );
  const escalation = cause ? { levelCause: cause, escalatedAt: now } : {};
  const reference = await insertCaseWithReference(tx, prefix, year, {
    ...values,
    ...schedule,
    ...escalation,
  });
  const { id: _id, updatedAt: _u, ...logged } = values;
  await appendAudit(tx, ctx.actor, now, {
    stream: `case:${caseId}`,
    caseId,
    action: "case.created",
    changes: {
      reference: { new: reference },
      ...Object.fromEntries(Object.entries(logged).map(([field, value]) => [field, { new: value }])),
      ...(cause ? { levelCause: { new: cause } } : {}),
    },
    personal: CASE_PERSONAL_FIELDS,
    customerId: customer?.id ?? null,
  });
  const created = (await findCaseById(tx, caseId))!;
  if (policy.body.autoAcknowledge && input.type === "complaint" && customer?.email) {
    await queueEmail(tx, ctx, {
      caseId,
      to: customer.email,
      template: "acknowledgment",
      data: caseMergeData(
        created.case,
        input.customer?.name ?? customer.name,
        calendar.body.timezone,
        ctx.config,
      ),
      onSent: "acknowledge",
    });
  }
  return created;
}

async function assertActiveUser(db: Db, userId: string, field: string): Promise<void> {
  const user = await findUserById(db, userId);
  if (user?.active !== 1) {
    throw invalid([{ field, message: "is not an active user; list users with GET /api/v1/users" }]);
  }
}

export async function getCase(ctx: Ctx, reference: string): Promise<CaseView> {
  const found = await findCaseByReference(ctx.db, reference);
  if (!found) throw notFound(`case ${reference}`, "check the reference, e.g. CMP-2026-000042");
  assertCanSeeCase(ctx.actor, found.case);
  return viewCase(ctx, found);
}

/** The statuses a `status=` filter names: fine statuses and the seed statuses open/in_progress/closed. */
export function expandStatuses(values: readonly string[]): Status[] {
  const out = new Set<Status>();
  for (const value of values) {
    const seed = SEED_STATUSES[value as keyof typeof SEED_STATUSES];
    for (const status of seed ?? [value as Status]) out.add(status);
  }
  return [...out];
}

export function filterFromQuery(ctx: Ctx, query: Omit<ListCasesQuery, "limit" | "cursor">): CaseFilter {
  const hidden = hiddenStatuses(ctx.actor);
  const filter: CaseFilter = {};
  if (query.status) filter.statuses = expandStatuses(query.status).filter((s) => !hidden.includes(s));
  else if (hidden.length) filter.excludeStatuses = hidden;
  if (query.type) filter.type = query.type;
  if (query.level) filter.level = query.level;
  if (query.owner === "me") filter.ownerId = ctx.actor.userId ?? "00000000-0000-0000-0000-000000000000";
  else if (query.owner === "none") filter.ownerId = null;
  else if (query.owner) filter.ownerId = query.owner;
  if (query.category) filter.category = query.category;
  if (query.channel) filter.channel = query.channel;
  if (query.severity) filter.severity = query.severity;
  if (query.customer) filter.customerId = query.customer;
  if (query.receivedFrom) filter.receivedFrom = new Date(query.receivedFrom);
  if (query.receivedTo) filter.receivedTo = new Date(query.receivedTo);
  if (query.q) filter.q = query.q;
  if (query.due) filter.due = { kind: query.due, now: ctx.clock.now() };
  return filter;
}

export async function listCases(ctx: Ctx, query: ListCasesQuery) {
  const filter = filterFromQuery(ctx, query);
  if (filter.statuses?.length === 0) return { items: [], nextCursor: null };
  if (query.cursor) filter.after = decodeCursor(query.cursor);
  const rows = await listCasePage(ctx.db, filter, query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  const view = await viewContext(ctx);
  return {
    items: page.map((row) => toCaseView(row, view)),
    nextCursor: rows.length > query.limit && last ? encodeCursor(last.case) : null,
  };
}

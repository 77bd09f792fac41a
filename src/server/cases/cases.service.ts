import type { CaseView, CreateCaseInput, ListCasesQuery } from "../../shared/cases.schema.js";
import { SEED_STATUSES, type Status } from "../../shared/enums.js";
import type { Ctx } from "../context.js";
import type { Db } from "../db/client.js";
import { CASE_PERSONAL_FIELDS } from "../db/schema/index.js";
import { transact } from "../db/transact.js";
import { type FieldError, invalid, notFound } from "../errors.js";
import { findUserById } from "../users/users.queries.js";
import { acknowledgmentRows } from "./cases.acknowledgment.js";
import { decodeCursor, encodeCursor } from "./cases.cursor.js";
import { sealChanges } from "./cases.intake.audit.js";
import { customerOfIntake, planNewCase, recurrenceWindow } from "./cases.intake.js";
import { insertCaseWithReference } from "./cases.intake.queries.js";
import { assertCanSeeCase, hiddenStatuses } from "./cases.policy.js";
import {
  type CaseFilter,
  type CaseWithRelations,
  findCaseByReference,
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

/**
 * R1: log a complaint or incident with its reference, customer, deadlines and initial level; audited.
 * With an Idempotency-Key, in one transaction with the key and the answer. Without one, the customer and
 * the case statements of `logCase` each commit on their own (each with its audit events): the reference
 * counter is then locked for the case statement alone, with no COMMIT round trip through this process
 * before it is free again (bench/analysis.md). The price: if the case statement fails, a customer created
 * by the first stays — found again by the retry.
 */
export async function createCase(ctx: Ctx, input: CreateCaseInput): Promise<CaseView> {
  if (!ctx.idempotency) return viewCase(ctx, await logCase(ctx.db, ctx, input));
  return transact(ctx, async (tx) => viewCase(ctx, await logCase(tx, ctx, input), tx));
}

/**
 * The work of {@link createCase} inside the caller's transaction, for callers that write more with the
 * new case (an inbound email and its attachments). Validates the intake first; nothing is written on error.
 * Two statements: the customer (with the recurrence count), then the case with its reference, audit event
 * and acknowledgment email — the reference counter stays locked from that one to the commit, so the
 * caller should write what it must before calling this, where it can.
 */
export async function logCase(tx: Db, ctx: Ctx, input: CreateCaseInput): Promise<CaseWithRelations> {
  const now = ctx.clock.now();
  const errors = checkIntake(ctx, input, now);
  if (errors.length) throw invalid(errors);
  const receivedAt = input.receivedAt ? new Date(input.receivedAt) : now;
  const settings = await ctx.settings.current(tx, now.getTime());
  const { calendar, policy } = settings;
  if (input.receivedById) await assertActiveUser(tx, input.receivedById, "receivedById");
  const recurrence = recurrenceWindow(input, receivedAt, policy.body);
  const intake = input.customer ? await customerOfIntake(tx, ctx, input.customer, now, recurrence) : null;
  const customer = intake?.customer ?? null;
  const recurring = recurrence !== null && (intake?.recentComplaints ?? 0) >= policy.body.recurrence.count;
  const planned = planNewCase(
    ctx,
    input,
    { now, receivedAt },
    settings,
    customer && { id: customer.id, recurring },
  );
  const followUps =
    policy.body.autoAcknowledge && input.type === "complaint" && customer?.email
      ? await acknowledgmentRows(
          tx,
          ctx,
          {
            caseFields: { ...planned.logged, outcome: null, resolutionNotes: null },
            to: customer.email,
            customerName: input.customer?.name ?? customer.name,
            timezone: calendar.body.timezone,
            templateVersion: intake?.acknowledgmentVersion ?? -1,
          },
          planned.logged.id,
        )
      : [];
  const created = await insertCaseWithReference(tx, {
    prefix: planned.prefix,
    year: planned.year,
    values: planned.row,
    event: {
      actor: ctx.actor,
      at: now,
      sealed: sealChanges(planned.changes, CASE_PERSONAL_FIELDS),
      customerId: customer?.id ?? null,
    },
    followUps,
  });
  // A new case has no owner; its customer is the one in hand (no read-back).
  return {
    case: created,
    customer: customer
      ? { id: customer.id, name: customer.name, email: customer.email, phone: customer.phone }
      : null,
    ownerName: null,
  };
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

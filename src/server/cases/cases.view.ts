import type { CaseView } from "../../shared/cases.schema.js";
import { CASE_ACTIONS, type Level, seedStatusOf } from "../../shared/enums.js";
import type { Actor, Ctx } from "../context.js";
import type { Db } from "../db/client.js";
import { caseRetentionView } from "../records/retention.js";
import type { RetentionPolicy } from "../sla/sla.policy.js";
import { deadlineState } from "../sla/sla.schedule.js";
import { actionsAllowedFrom } from "./cases.lifecycle.js";
import { ACTION_ACCESS, canActOnCase } from "./cases.policy.js";
import type { CaseRow, CaseWithRelations } from "./cases.queries.js";

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export interface ViewContext {
  now: Date;
  actor: Actor;
  dueSoonPercent: number;
  /** R10: the retention rules each case shows. */
  retention: RetentionPolicy;
}

function allowedActions(c: CaseRow, actor: Actor) {
  const possible = actionsAllowedFrom(c.status);
  return CASE_ACTIONS.filter((a) => possible.includes(a) && canActOnCase(actor, ACTION_ACCESS[a], c));
}

/** The v1 case shape (DESIGN.md): the same for create, get and list. */
export function toCaseView({ case: c, customer, ownerName }: CaseWithRelations, v: ViewContext): CaseView {
  const state = (dueAt: Date, doneAt: Date | null, paused = false) =>
    deadlineState(dueAt, doneAt, c.receivedAt, v.now, v.dueSoonPercent, paused);
  return {
    id: c.id,
    reference: c.reference,
    type: c.type,
    status: c.status,
    seedStatus: seedStatusOf(c.status),
    level: c.level as Level,
    channel: c.channel,
    summary: c.summary,
    description: c.description,
    category: c.category,
    severity: c.severity,
    desiredRemedy: c.desiredRemedy,
    productRef: c.productRef,
    receivedAt: c.receivedAt.toISOString(),
    loggedAt: c.loggedAt.toISOString(),
    receivedById: c.receivedById,
    loggedById: c.loggedById,
    customer: customer?.id ? customer : null,
    ownerId: c.ownerId,
    ownerName,
    deadlines: {
      acknowledge: c.acknowledgeDueAt.toISOString(),
      assign: c.assignDueAt.toISOString(),
      resolve: c.resolveDueAt.toISOString(),
    },
    deadlineStatus: {
      acknowledge: state(c.acknowledgeDueAt, c.acknowledgedAt),
      assign: state(c.assignDueAt, c.assignedAt),
      resolve: state(c.resolveDueAt, c.resolvedAt, Boolean(c.pausedAt)),
    },
    nextDeadline:
      c.nextDueAt && c.nextDueStep ? { step: c.nextDueStep, dueAt: c.nextDueAt.toISOString() } : null,
    urgency: c.urgency,
    impact: c.impact,
    levelCause: c.levelCause,
    resolveDueReason: c.resolveDueReason,
    pausedAt: iso(c.pausedAt),
    outcome: c.outcome,
    resolution: c.resolutionNotes,
    remedy: c.remedyCurrency ? { amountMinor: c.remedyAmountMinor ?? 0, currency: c.remedyCurrency } : null,
    resolvedById: c.resolvedById,
    verifiedAt: iso(c.verifiedAt),
    verifiedById: c.verifiedById,
    customerConfirmation: c.confirmation
      ? {
          state: c.confirmation,
          at: iso(c.confirmationAt),
          channel: c.confirmationChannel,
          note: c.confirmationNote,
        }
      : null,
    followUp:
      c.followUpDueAt && c.resolvedAt
        ? {
            ...deadlineState(c.followUpDueAt, c.followedUpAt, c.resolvedAt, v.now, v.dueSoonPercent, false),
            completedById: c.followedUpById,
          }
        : null,
    allowedActions: allowedActions(c, v.actor),
    retention: caseRetentionView(c, v.retention),
    acknowledgedAt: iso(c.acknowledgedAt),
    assignedAt: iso(c.assignedAt),
    resolvedAt: iso(c.resolvedAt),
    closedAt: iso(c.closedAt),
    policyVersion: c.policyVersion,
    calendarVersion: c.calendarVersion,
    version: c.version,
    updatedAt: c.updatedAt.toISOString(),
  };
}

/** `db`: the connection to read through — the transaction's when called inside one. */
export async function viewContext(ctx: Ctx, db: Db = ctx.db): Promise<ViewContext> {
  const now = ctx.clock.now();
  const { policy } = await ctx.settings.current(db, now.getTime());
  return {
    now,
    actor: ctx.actor,
    dueSoonPercent: policy.body.dueSoonPercent,
    retention: policy.body.retention,
  };
}

export async function viewCase(ctx: Ctx, row: CaseWithRelations, db: Db = ctx.db): Promise<CaseView> {
  return toCaseView(row, await viewContext(ctx, db));
}

import type { CaseView } from "../../shared/cases.schema.js";
import type { CaseAction, Role } from "../../shared/enums.js";
import type { ActionBodies } from "../../shared/lifecycle.schema.js";
import type { Change } from "../audit/audit.service.js";
import type { Ctx } from "../context.js";
import type { Db } from "../db/client.js";
import { transact } from "../db/transact.js";
import { AppError, invalid } from "../errors.js";
import { inviteToSurvey } from "../feedback/feedback.service.js";
import { findInvestigation } from "../investigation/investigation.queries.js";
import { resolutionBlockers } from "../investigation/investigation.rules.js";
import { notifyRole, notifyUsers, type RoleHolders } from "../notifications/notifications.service.js";
import { registerArchiving } from "../records/archive.service.js";
import { addBusinessMinutes, businessMinutesBetween, standardDayMinutes } from "../sla/sla.calendar.js";
import type { Policy } from "../sla/sla.policy.js";
import { outcomeAt } from "../sla/sla.schedule.js";
import { findUserById } from "../users/users.queries.js";
import { openCaseForChange, saveCaseChange } from "./cases.change.js";
import { closureBlockersOf } from "./cases.closure.js";
import { transition } from "./cases.lifecycle.js";
import { ACTION_ACCESS } from "./cases.policy.js";
import { type CaseRow, findCaseById, type NewCase } from "./cases.queries.js";
import { viewCase } from "./cases.view.js";

interface Step<A extends CaseAction> {
  ctx: Ctx;
  tx: Db;
  row: CaseRow;
  body: ActionBodies[A];
  now: Date;
  policy: Policy;
  calendar: Parameters<typeof businessMinutesBetween>[0];
}

interface StepResult {
  patch: Partial<NewCase>;
  changes: Record<string, Change>;
  reason?: string | undefined;
  /** A refused resolution sends the case back to investigation (ISO 10002 7.9). */
  rejected?: boolean;
  after?: (tx: Db, row: CaseRow) => Promise<void>;
}

const changed = <T>(old: T, next: T): Change => ({ old, new: next });
/** A case sent back to work has no follow-up pending; its next resolution schedules a new one. */
const followUpCleared = { followUpDueAt: null, followedUpAt: null, followedUpById: null } as const;
/** Who owns a case: staff who work cases (an auditor or records clerk cannot). */
const OWNER_ROLES: readonly Role[] = ["agent", "manager", "senior"];
const LEVEL_ROLE: Record<number, Role> = { 2: "manager", 3: "senior" };

const HANDLERS: { [A in CaseAction]: (step: Step<A>) => Promise<StepResult> | StepResult } = {
  acknowledge: ({ row, body, now }) => ({
    patch: { acknowledgedAt: now, acknowledgeOutcome: outcomeAt(row.acknowledgeDueAt, now) },
    changes: {
      acknowledgedAt: changed(null, now),
      acknowledgeOutcome: changed(null, outcomeAt(row.acknowledgeDueAt, now)),
      ...noteChange(body.note),
    },
  }),

  assign: async ({ tx, row, body, now }) => {
    const owner = await findUserById(tx, body.ownerId);
    if (owner?.active !== 1 || !owner.roles.some((r) => OWNER_ROLES.includes(r))) {
      throw invalid([
        {
          field: "ownerId",
          message: `is not an active user with one of the roles ${OWNER_ROLES.join(", ")}`,
        },
      ]);
    }
    if (row.ownerId === owner.id) {
      throw new AppError("no_change", 409, `${row.reference} is already owned by ${owner.name}`);
    }
    const first = !row.assignedAt;
    const patch: Partial<NewCase> = {
      ownerId: owner.id,
      ...(first ? { assignedAt: now, assignOutcome: outcomeAt(row.assignDueAt, now) } : {}),
    };
    return {
      patch,
      changes: {
        ownerId: changed(row.ownerId, owner.id),
        ...(first
          ? { assignedAt: changed(null, now), assignOutcome: changed(null, patch.assignOutcome) }
          : {}),
      },
      after: (t, saved) =>
        notifyUsers(
          t,
          [owner.id],
          {
            caseId: saved.id,
            kind: "case.assigned",
            message: `${saved.reference} is now yours: ${saved.summary}`,
          },
          now,
        ),
    };
  },

  "start-investigation": () => ({ patch: {}, changes: {} }),

  "await-customer": ({ body, now }) => ({
    patch: { pausedAt: now },
    changes: { pausedAt: changed(null, now) },
    reason: body.reason,
  }),

  /** R4: resuming extends the resolve deadline by the business time spent waiting. */
  resume: ({ row, body, now, calendar }) => {
    const waited = row.pausedAt ? businessMinutesBetween(calendar, row.pausedAt, now) : 0;
    const resolveDueAt = addBusinessMinutes(calendar, row.resolveDueAt, waited);
    return {
      patch: { pausedAt: null, pausedMinutes: row.pausedMinutes + waited, resolveDueAt },
      changes: {
        pausedAt: changed(row.pausedAt, null),
        pausedBusinessMinutes: { new: Math.round(waited * 100) / 100 },
        resolveDueAt: changed(row.resolveDueAt, resolveDueAt),
        ...noteChange(body.note),
      },
    };
  },

  escalate: ({ row, body, now }) => {
    if (row.level >= 3) {
      throw new AppError(
        "already_at_top_level",
        409,
        `${row.reference} is already at level 3 (senior management), the highest`,
      );
    }
    const level = row.level + 1;
    return {
      patch: { level, levelCause: "manual", escalatedAt: now },
      changes: { level: changed(row.level, level), levelCause: changed(row.levelCause, "manual") },
      reason: body.reason,
      after: (t, saved) => notifyEscalation(t, saved, "escalated by hand", now),
    };
  },

  resolve: async ({ ctx, tx, row, body, now, policy, calendar }) => {
    const blockers = resolutionBlockers(row.severity, (await findInvestigation(tx, row.id))?.investigation);
    if (blockers.length)
      throw new AppError("investigation_incomplete", 409, blockers.join("; "), { blockers });
    const outcome = outcomeAt(row.resolveDueAt, now);
    const followUpDueAt =
      policy.followUpBusinessDays > 0
        ? addBusinessMinutes(calendar, now, policy.followUpBusinessDays * standardDayMinutes(calendar))
        : null;
    return {
      patch: {
        resolvedAt: now,
        resolveOutcome: outcome,
        resolvedById: ctx.actor.userId,
        outcome: body.outcome,
        resolutionNotes: body.resolution,
        remedyAmountMinor: body.remedy?.amountMinor ?? null,
        remedyCurrency: body.remedy?.currency ?? null,
        verifiedAt: null,
        verifiedById: null,
        confirmation: null,
        confirmationAt: null,
        ...followUpCleared,
        followUpDueAt,
      },
      changes: {
        followUpDueAt: changed(row.followUpDueAt, followUpDueAt),
        resolvedAt: changed(row.resolvedAt, now),
        resolveOutcome: changed(row.resolveOutcome, outcome),
        outcome: changed(row.outcome, body.outcome),
        resolution: changed(row.resolutionNotes, body.resolution),
        remedy: changed(
          row.remedyCurrency ? { amountMinor: row.remedyAmountMinor, currency: row.remedyCurrency } : null,
          body.remedy ?? null,
        ),
      },
    };
  },

  verify: ({ ctx, row, body, now, policy }) => {
    if (row.verifiedAt)
      throw new AppError(
        "already_verified",
        409,
        `${row.reference} was already verified on ${row.verifiedAt.toISOString()}`,
      );
    if (policy.fourEyesVerification && row.resolvedById === ctx.actor.userId) {
      throw new AppError(
        "four_eyes",
        409,
        "the policy needs a second person: someone other than the resolver must verify",
      );
    }
    return {
      patch: { verifiedAt: now, verifiedById: ctx.actor.userId },
      changes: {
        verifiedAt: changed(null, now),
        verifiedById: changed(null, ctx.actor.userId),
        ...noteChange(body.note),
      },
    };
  },

  "customer-confirmation": ({ row, body, now }) => {
    if ("notApplicableReason" in body) {
      return {
        patch: {
          confirmation: "not_applicable",
          confirmationAt: now,
          confirmationChannel: null,
          confirmationNote: null,
        },
        changes: { confirmation: changed(row.confirmation, "not_applicable") },
        reason: body.notApplicableReason,
      };
    }
    const confirmation = body.confirmed ? "confirmed" : "rejected";
    const reopened: Partial<NewCase> = body.confirmed
      ? {}
      : { resolvedAt: null, resolveOutcome: null, verifiedAt: null, verifiedById: null, ...followUpCleared };
    return {
      patch: {
        confirmation,
        confirmationAt: now,
        confirmationChannel: body.channel,
        confirmationNote: body.note ?? null,
        ...reopened,
      },
      changes: {
        confirmation: changed(row.confirmation, confirmation),
        confirmationChannel: { new: body.channel },
        ...(body.note ? { confirmationNote: { new: body.note } } : {}),
      },
      rejected: !body.confirmed,
    };
  },

  close: async ({ ctx, tx, row, body, now, policy, calendar }) => {
    const blockers = await closureBlockersOf(tx, row);
    if (blockers.length) {
      throw new AppError(
        "closure_blocked",
        409,
        `${row.reference} cannot be closed yet: ${blockers.join("; ")}`,
        { blockers },
      );
    }
    // R9: the survey invitation goes out with the closure, in the same transaction.
    const invited = await inviteToSurvey(
      tx,
      ctx,
      { ...row, status: "closed" },
      policy,
      calendar.timezone,
      now,
    );
    return {
      patch: { closedAt: now, closedById: ctx.actor.userId },
      changes: {
        closedAt: changed(null, now),
        closedById: changed(null, ctx.actor.userId),
        ...noteChange(body.note),
        ...invited,
      },
    };
  },

  reopen: ({ row, body, now, policy }) => {
    const since = row.closedAt ?? row.resolvedAt ?? now;
    const days = (now.getTime() - since.getTime()) / 86_400_000;
    if (days > policy.reopenWindowDays) {
      throw new AppError(
        "reopen_window_passed",
        409,
        `${row.reference} was ${row.closedAt ? "closed" : "resolved"} ${Math.floor(days)} days ago; the policy allows reopening within ${policy.reopenWindowDays} days — log a new case and link it instead`,
      );
    }
    return {
      patch: {
        closedAt: null,
        closedById: null,
        resolvedAt: null,
        resolveOutcome: null,
        verifiedAt: null,
        verifiedById: null,
        confirmation: null,
        confirmationAt: null,
        ...followUpCleared,
      },
      changes: { closedAt: changed(row.closedAt, null), resolvedAt: changed(row.resolvedAt, null) },
      reason: body.reason,
    };
  },

  /** R10: the file becomes read-only (DB trigger); the bundle and the register entry come in the same transaction. */
  archive: ({ ctx, body, now }) => ({
    patch: {},
    changes: {},
    reason: body.reason ?? undefined,
    after: (t, saved) => registerArchiving(t, ctx, saved, body.reason ?? null, now),
  }),
};

function noteChange(note: string | null | undefined): Record<string, Change> {
  return note ? { note: { new: note } } : {};
}

/** R5: each escalation notifies the people of its new level. */
export async function notifyEscalation(
  tx: Db,
  row: CaseRow,
  cause: string,
  now: Date,
  memo?: RoleHolders,
): Promise<void> {
  const role = LEVEL_ROLE[row.level];
  if (!role) return;
  await notifyRole(
    tx,
    role,
    {
      caseId: row.id,
      kind: "case.escalated",
      message: `${row.reference} is now at level ${row.level} (${cause}): ${row.summary}`,
    },
    now,
    memo,
  );
}

/** R3: one lifecycle step on a case — checked, applied, audited, in one transaction. */
export async function performCaseAction<A extends CaseAction>(
  ctx: Ctx,
  input: { reference: string; action: A; body: ActionBodies[A]; expectedVersion?: number | undefined },
): Promise<CaseView> {
  return transact(ctx, async (tx) => {
    const row = await openCaseForChange(tx, ctx, {
      ...input,
      access: ACTION_ACCESS[input.action],
      what: input.action,
    });
    await applyCaseAction(tx, ctx, row, input.action, input.body);
    return viewCase(ctx, (await findCaseById(tx, row.id))!, tx);
  });
}

/** Applies a step to a case already locked in `tx` (by a request, or by the outbox when mail goes out). */
export async function applyCaseAction<A extends CaseAction>(
  tx: Db,
  ctx: Ctx,
  row: CaseRow,
  action: A,
  body: ActionBodies[A],
): Promise<CaseRow> {
  transition(row.reference, row.status, action);
  const { policy, calendar } = await ctx.settings.ofCase(tx, row);
  const now = ctx.clock.now();
  const handler = HANDLERS[action] as (step: Step<A>) => Promise<StepResult> | StepResult;
  const result = await handler({ ctx, tx, row, body, now, policy, calendar });
  const status = transition(row.reference, row.status, action, result.rejected);
  const saved = await saveCaseChange(tx, ctx, row, {
    action: `case.${action.replace(/-/g, "_")}`,
    patch: { ...result.patch, status },
    changes: result.changes,
    reason: result.reason,
  });
  await result.after?.(tx, saved);
  return saved;
}

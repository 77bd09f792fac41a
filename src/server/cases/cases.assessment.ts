import { sql } from "drizzle-orm";
import type { z } from "zod";
import type { CaseView } from "../../shared/cases.schema.js";
import type { assessmentSchema, deadlineOverrideSchema } from "../../shared/lifecycle.schema.js";
import type { Change } from "../audit/audit.service.js";
import type { Ctx } from "../context.js";
import { queryRows } from "../db/client.js";
import { transact } from "../db/transact.js";
import { AppError, invalid } from "../errors.js";
import { levelNow } from "../escalation/escalation.rules.js";
import { addBusinessMinutes } from "../sla/sla.calendar.js";
import { computeDeadlines } from "../sla/sla.policy.js";
import { notifyEscalation } from "./cases.actions.js";
import { openCaseForChange, saveCaseChange } from "./cases.change.js";
import { casesAccess } from "./cases.policy.js";
import { findCaseById, lockCaseByReference } from "./cases.queries.js";
import { viewCase } from "./cases.view.js";

const OPEN = ["new", "acknowledged", "assigned", "investigating", "awaiting_customer"];

function assertOpen(row: { reference: string; status: string }, what: string) {
  if (!OPEN.includes(row.status)) {
    throw new AppError(
      "not_editable",
      409,
      `the ${what} of ${row.reference} cannot change once it is ${row.status}`,
      {
        currentStatus: row.status,
      },
    );
  }
}

/**
 * R5: severity, urgency and impact, with a reason; a case that becomes critical goes to L3 at once
 * (the level never drops by itself when severity is lowered).
 */
export async function assessCase(
  ctx: Ctx,
  reference: string,
  input: z.infer<typeof assessmentSchema>,
  expectedVersion?: number,
): Promise<CaseView> {
  return transact(ctx, async (tx) => {
    const row = await openCaseForChange(tx, ctx, {
      reference,
      access: casesAccess.assess,
      what: "assessment",
      expectedVersion,
    });
    assertOpen(row, "assessment");
    const now = ctx.clock.now();
    const { policy, calendar } = await ctx.settings.ofCase(tx, row);
    const next = {
      severity: input.severity,
      urgency: input.urgency ?? row.urgency,
      impact: input.impact ?? row.impact,
    };
    const changes: Record<string, Change> = {};
    for (const field of ["severity", "urgency", "impact"] as const) {
      if (next[field] !== row[field]) changes[field] = { old: row[field], new: next[field] };
    }
    if (Object.keys(changes).length === 0)
      throw new AppError("no_change", 409, "the assessment is already exactly this");
    const decision = levelNow(row, { policy, calendar }, now, { severity: next.severity });
    const escalation = decision.cause
      ? { level: decision.level, levelCause: decision.cause, escalatedAt: now }
      : {};
    if (decision.cause) changes.level = { old: row.level, new: decision.level };
    const saved = await saveCaseChange(tx, ctx, row, {
      action: "case.assessed",
      patch: { ...next, ...escalation },
      changes,
      reason: input.reason,
    });
    if (decision.cause) await notifyEscalation(tx, saved, decision.cause, now);
    return viewCase(ctx, (await findCaseById(tx, row.id))!, tx);
  });
}

/** R4: a per-case resolve deadline, with a reason (SOP 001 §7 "unless otherwise specified"). */
export async function overrideResolveDeadline(
  ctx: Ctx,
  reference: string,
  input: z.infer<typeof deadlineOverrideSchema>,
  expectedVersion?: number,
): Promise<CaseView> {
  return transact(ctx, async (tx) => {
    const row = await openCaseForChange(tx, ctx, {
      reference,
      access: casesAccess.overrideDeadline,
      what: "the resolve deadline",
      expectedVersion,
    });
    assertOpen(row, "resolve deadline");
    const dueAt = new Date(input.dueAt);
    if (dueAt <= row.receivedAt) {
      throw invalid([
        { field: "dueAt", message: `must be after the case was received (${row.receivedAt.toISOString()})` },
      ]);
    }
    await saveCaseChange(tx, ctx, row, {
      action: "case.deadline_overridden",
      patch: { resolveDueAt: dueAt, resolveDueReason: input.reason },
      changes: { resolveDueAt: { old: row.resolveDueAt, new: dueAt } },
      reason: input.reason,
    });
    return viewCase(ctx, (await findCaseById(tx, row.id))!, tx);
  });
}

/**
 * R4: deadlines keep the policy and calendar they were set under; an admin may move open cases onto
 * the current ones. Each case is recomputed and audited in its own short transaction.
 */
export async function recomputeOpenCases(ctx: Ctx, reason: string): Promise<{ recomputed: number }> {
  const { policy, calendar } = await ctx.settings.current(ctx.db);
  const targets = await queryRows<{ reference: string }>(
    ctx.db,
    sql`SELECT reference FROM cases WHERE status IN ('new','acknowledged','assigned','investigating','awaiting_customer')
        AND (policy_version <> ${policy.version} OR calendar_version <> ${calendar.version})`,
  );
  let recomputed = 0;
  for (const { reference } of targets) {
    await transact(ctx, async (tx) => {
      const row = await lockCaseByReference(tx, reference);
      if (!row || !OPEN.includes(row.status)) return;
      const fresh = computeDeadlines(policy.body, calendar.body, row.receivedAt);
      // A hand-set deadline stays; time already spent waiting on the customer still extends the new one.
      const resolveDueAt = row.resolveDueReason
        ? row.resolveDueAt
        : addBusinessMinutes(calendar.body, fresh.resolve, row.pausedMinutes);
      await saveCaseChange(tx, ctx, row, {
        action: "case.deadlines_recomputed",
        patch: {
          policyVersion: policy.version,
          calendarVersion: calendar.version,
          acknowledgeDueAt: fresh.acknowledge,
          assignDueAt: fresh.assign,
          resolveDueAt,
        },
        changes: {
          policyVersion: { old: row.policyVersion, new: policy.version },
          calendarVersion: { old: row.calendarVersion, new: calendar.version },
          acknowledgeDueAt: { old: row.acknowledgeDueAt, new: fresh.acknowledge },
          assignDueAt: { old: row.assignDueAt, new: fresh.assign },
          resolveDueAt: { old: row.resolveDueAt, new: resolveDueAt },
        },
        reason,
      });
      recomputed += 1;
    });
  }
  return { recomputed };
}

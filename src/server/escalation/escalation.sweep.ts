import { and, inArray, isNull, lte, sql } from "drizzle-orm";
import { appendAudit, appendAuditEvents } from "../audit/audit.service.js";
import type { CaseRow } from "../cases/cases.queries.js";
import type { Ctx } from "../context.js";
import type { Db } from "../db/client.js";
import { cases } from "../db/schema/index.js";
import { transact } from "../db/transact.js";
import {
  notifyRole,
  notifyRoles,
  notifyUsers,
  type RoleHolders,
} from "../notifications/notifications.service.js";
import { scheduleOf } from "../sla/sla.schedule.js";
import { levelNow } from "./escalation.rules.js";

const OPEN = ["new", "acknowledged", "assigned", "investigating", "awaiting_customer"] as const;

/**
 * Due work, claimed with FOR UPDATE SKIP LOCKED, so that several instances sweep together and each case
 * is handled by exactly one of them; a batch commits whole or not at all.
 */
async function claimDue(tx: Db, column: "nextEscalationAt" | "nextDueAt", now: Date, batch: number) {
  return tx
    .select()
    .from(cases)
    .where(
      and(
        lte(cases[column], now),
        inArray(cases.status, OPEN),
        column === "nextDueAt" ? isNull(cases.nextDueAlertedAt) : undefined,
      ),
    )
    .orderBy(cases[column])
    .limit(batch)
    .for("update", { skipLocked: true });
}

/**
 * R5 / SOP 004 §5: raises every case whose business time since receipt has reached the next level.
 * Each batch is three statements whatever its size: the cases, their audit events, the notices.
 */
export async function runEscalationSweep(ctx: Ctx, batch = 200): Promise<{ escalated: number }> {
  let escalated = 0;
  for (;;) {
    const claimed = await transact(ctx, async (tx) => {
      const now = ctx.clock.now();
      const rows = await claimDue(tx, "nextEscalationAt", now, batch);
      const raised = await planEscalations(tx, ctx, rows, now);
      await saveEscalations(tx, ctx, raised, now);
      escalated += raised.filter((r) => r.cause).length;
      return rows.length;
    });
    if (claimed < batch) return { escalated };
  }
}

interface Planned {
  row: CaseRow;
  level: number;
  cause: string | null;
  nextEscalationAt: Date | null;
}

async function planEscalations(tx: Db, ctx: Ctx, rows: CaseRow[], now: Date): Promise<Planned[]> {
  const planned: Planned[] = [];
  for (const row of rows) {
    const { policy, calendar } = await ctx.settings.ofCase(tx, row);
    const decision = levelNow(row, { policy, calendar }, now);
    // Not due after all (e.g. the clock was recomputed): only the marker moves.
    const { nextEscalationAt } = scheduleOf({ ...row, level: decision.level }, policy, calendar);
    planned.push({ row, level: decision.level, cause: decision.cause, nextEscalationAt });
  }
  return planned;
}

async function saveEscalations(tx: Db, ctx: Ctx, planned: Planned[], now: Date): Promise<void> {
  if (planned.length === 0) return;
  const values = planned.map((p) => ({
    id: p.row.id,
    level: p.level,
    cause: p.cause,
    next: p.nextEscalationAt?.toISOString() ?? null,
  }));
  await tx.execute(sql`
    UPDATE cases c SET
      next_escalation_at = v.next,
      level = v.level,
      level_cause = coalesce(v.cause, c.level_cause),
      escalated_at = CASE WHEN v.cause IS NULL THEN c.escalated_at ELSE ${now} END,
      version = CASE WHEN v.cause IS NULL THEN c.version ELSE c.version + 1 END,
      updated_at = CASE WHEN v.cause IS NULL THEN c.updated_at ELSE ${now} END
    FROM jsonb_to_recordset(${JSON.stringify(values)}::jsonb) AS v(id uuid, level smallint, cause text, next timestamptz)
    WHERE c.id = v.id`);
  const raised = planned.filter((p) => p.cause);
  await appendAuditEvents(
    tx,
    ctx.actor,
    now,
    raised.map((p) => ({
      stream: `case:${p.row.id}`,
      caseId: p.row.id,
      action: "case.escalated",
      changes: {
        level: { old: p.row.level, new: p.level },
        levelCause: { old: p.row.levelCause, new: p.cause },
      },
    })),
  );
  await notifyRoles(
    tx,
    raised.map((p) => ({
      role: p.level === 3 ? "senior" : "manager",
      notice: {
        caseId: p.row.id,
        kind: "case.escalated",
        message: `${p.row.reference} is now at level ${p.level} (${p.level === 3 ? 4 : 2}+ business days unresolved): ${p.row.summary}`,
      },
    })),
    now,
  );
}

/** R4: tells the owner (or, while unassigned, the managers) once when a case's next deadline passes. */
export async function runDeadlineAlerts(ctx: Ctx, batch = 200): Promise<{ alerted: number }> {
  let alerted = 0;
  for (;;) {
    const claimed = await transact(ctx, async (tx) => {
      const now = ctx.clock.now();
      const rows = await claimDue(tx, "nextDueAt", now, batch);
      const holders: RoleHolders = new Map();
      for (const row of rows) {
        const notice = {
          caseId: row.id,
          kind: "deadline.breached" as const,
          message: `${row.reference}: the ${row.nextDueStep} deadline passed at ${row.nextDueAt!.toISOString()}`,
        };
        if (row.ownerId) await notifyUsers(tx, [row.ownerId], notice, now);
        else await notifyRole(tx, "manager", notice, now, holders);
        await tx.update(cases).set({ nextDueAlertedAt: now }).where(sql`${cases.id} = ${row.id}`);
        await appendAudit(tx, ctx.actor, now, {
          stream: `case:${row.id}`,
          caseId: row.id,
          action: "case.deadline_breached",
          changes: { step: { new: row.nextDueStep }, dueAt: { new: row.nextDueAt } },
        });
        alerted += 1;
      }
      return rows.length;
    });
    if (claimed < batch) return { alerted };
  }
}

import { and, inArray, isNull, lte, sql } from "drizzle-orm";
import { appendAudit } from "../audit/audit.service.js";
import { notifyEscalation } from "../cases/cases.actions.js";
import { saveCaseChange } from "../cases/cases.change.js";
import type { CaseRow } from "../cases/cases.queries.js";
import type { Ctx } from "../context.js";
import type { Db } from "../db/client.js";
import { cases } from "../db/schema/index.js";
import { transact } from "../db/transact.js";
import { notifyRole, notifyUsers, type RoleHolders } from "../notifications/notifications.service.js";
import { scheduleOf } from "../sla/sla.schedule.js";
import { levelNow } from "./escalation.rules.js";

const OPEN = ["new", "acknowledged", "assigned", "investigating", "awaiting_customer"] as const;

/**
 * Due work, claimed with FOR UPDATE SKIP LOCKED: any number of instances sweep together and each case
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

/** R5 / SOP 004 §5: raises every case whose business time since receipt has reached the next level. */
export async function runEscalationSweep(ctx: Ctx, batch = 100): Promise<{ escalated: number }> {
  let escalated = 0;
  for (;;) {
    const claimed = await transact(ctx, async (tx) => {
      const now = ctx.clock.now();
      const rows = await claimDue(tx, "nextEscalationAt", now, batch);
      const holders: RoleHolders = new Map();
      for (const row of rows) escalated += (await escalateIfDue(tx, ctx, row, now, holders)) ? 1 : 0;
      return rows.length;
    });
    if (claimed < batch) return { escalated };
  }
}

async function escalateIfDue(
  tx: Db,
  ctx: Ctx,
  row: CaseRow,
  now: Date,
  holders: RoleHolders,
): Promise<boolean> {
  const { policy, calendar } = await ctx.settings.ofCase(tx, row);
  const decision = levelNow(row, { policy, calendar }, now);
  if (!decision.cause) {
    // Not due after all (e.g. the clock was recomputed): only move the marker.
    const { nextEscalationAt } = scheduleOf(row, policy, calendar);
    await tx.update(cases).set({ nextEscalationAt }).where(sql`${cases.id} = ${row.id}`);
    return false;
  }
  const saved = await saveCaseChange(tx, ctx, row, {
    action: "case.escalated",
    patch: { level: decision.level, levelCause: decision.cause, escalatedAt: now },
    changes: {
      level: { old: row.level, new: decision.level },
      levelCause: { old: row.levelCause, new: decision.cause },
    },
  });
  await notifyEscalation(
    tx,
    saved,
    `${decision.level === 3 ? 4 : 2}+ business days unresolved`,
    now,
    holders,
  );
  return true;
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

import { and, eq, gt } from "drizzle-orm";
import { DateTime } from "luxon";
import type { Ctx } from "../context.js";
import { notifications } from "../db/schema/index.js";
import { claimPeriod, finishPeriod } from "../jobs/periodic.js";
import { notifyRole } from "../notifications/notifications.service.js";
import { type VerifyResult, verifyAuditTrail } from "./audit.verify.js";

/**
 * R2 / Part 11 §11.10(a),(e): the trail is verified nightly and on demand; a break tells every admin,
 * naming the first bad event. The same break found again within a day is not told again (no flood).
 */
export async function verifyAndAlert(ctx: Ctx, how: "nightly" | "on demand"): Promise<VerifyResult> {
  const result = await verifyAuditTrail(ctx.db);
  if (!result.ok) await alertAdmins(ctx, result, how);
  return result;
}

export function breakMessage(result: VerifyResult): string {
  const first = result.firstBrokenEvent === undefined ? "" : `first bad event: ${result.firstBrokenEvent}; `;
  return `The audit trail failed verification — ${first}${result.problems[0] ?? "unknown problem"}. Run \`redress audit-verify\` and restore from the last good backup if records were altered.`;
}

async function alertAdmins(ctx: Ctx, result: VerifyResult, how: string): Promise<void> {
  const now = ctx.clock.now();
  const message = breakMessage(result);
  await ctx.db.transaction(async (tx) => {
    const [told] = await tx
      .select({ id: notifications.id })
      .from(notifications)
      .where(
        and(
          eq(notifications.kind, "audit.broken"),
          eq(notifications.message, message),
          gt(notifications.createdAt, new Date(now.getTime() - 86_400_000)),
        ),
      )
      .limit(1);
    if (told) return;
    await notifyRole(tx, "admin", { caseId: null, kind: "audit.broken", message }, now);
  });
  ctx.log.error({ firstBrokenEvent: result.firstBrokenEvent, how }, "audit trail verification failed");
}

/** Once a night (from 01:00 in REDRESS_TIMEZONE), by one instance: claimPeriod makes it exactly once. */
export async function runNightlyAuditVerification(ctx: Ctx) {
  const now = ctx.clock.now();
  const local = DateTime.fromJSDate(now, { zone: ctx.config.timezone });
  if (local.hour < 1) return { verified: false };
  const night = local.toISODate()!;
  if (!(await claimPeriod(ctx.db, "audit-verify", night, now, 6 * 3_600_000))) return { verified: false };
  const result = await verifyAndAlert(ctx, "nightly");
  await finishPeriod(ctx.db, "audit-verify", night, ctx.clock.now(), {
    ok: result.ok,
    events: result.events,
    seals: result.seals,
    ...(result.firstBrokenEvent === undefined ? {} : { firstBrokenEvent: result.firstBrokenEvent }),
  });
  return { verified: true, ok: result.ok };
}

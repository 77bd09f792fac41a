import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import type { Ctx } from "../context.js";
import { cases, notifications, users } from "../db/schema/index.js";
import { transact } from "../db/transact.js";
import { caseMergeData } from "../mail/merge.js";
import { insertOutbox, newMessageId } from "../mail/outbox.js";
import { renderTemplate } from "../mail/templates.js";
import { currentTemplate } from "../mail/templates.store.js";

type Pending = {
  notice: typeof notifications.$inferSelect;
  user: { email: string; name: string; active: number };
  case: typeof cases.$inferSelect | null;
};

/**
 * R5 / R7: every in-app notice (escalation, breach, assignment, dead letter) also reaches its user by
 * email, through the outbox. A scheduled job rather than a write at notice time, so that a sweep raising
 * thousands of cases stays fast and each person gets one email per case per run, listing what happened.
 * Claimed with SKIP LOCKED and marked in the same transaction: exactly once across instances.
 */
export async function mailStaffNotices(ctx: Ctx, limit = 500): Promise<number> {
  return transact(ctx, async (tx) => {
    const now = ctx.clock.now();
    const pending: Pending[] = await tx
      .select({
        notice: notifications,
        user: { email: users.email, name: users.name, active: users.active },
        case: cases,
      })
      .from(notifications)
      .innerJoin(users, eq(users.id, notifications.userId))
      .leftJoin(cases, eq(cases.id, notifications.caseId))
      .where(isNull(notifications.emailedAt))
      .orderBy(asc(notifications.createdAt))
      .limit(limit)
      .for("update", { of: notifications, skipLocked: true });
    if (pending.length === 0) return 0;

    const groups = new Map<string, Pending[]>();
    for (const item of pending) {
      if (item.user.active !== 1) continue; // a departed colleague's notices are marked, not mailed
      // A dead letter stays in the app: mailing news of failing mail could fail too, and loop.
      if (item.notice.kind === "email.dead") continue;
      const key = `${item.notice.userId}:${item.notice.caseId ?? "-"}`;
      groups.set(key, [...(groups.get(key) ?? []), item]);
    }
    const template = await currentTemplate(tx, "escalation_notice");
    const { calendar } = await ctx.settings.current(tx, now.getTime());
    for (const group of groups.values()) {
      const [first] = group as [Pending];
      const message = group.map((item) => item.notice.message).join("\n");
      const rendered = renderTemplate(template, {
        ...(first.case
          ? caseMergeData(first.case, first.case.customerName, calendar.body.timezone, ctx.config)
          : {}),
        "org.name": ctx.config.orgName,
        "staff.name": first.user.name,
        message,
        link: first.case
          ? `${ctx.config.publicUrl}/cases/${first.case.reference}`
          : `${ctx.config.publicUrl}/`,
      });
      await insertOutbox(tx, now, {
        caseId: first.case?.id ?? null,
        correspondenceId: null, // a staff notice is not part of the customer's correspondence
        to: first.user.email,
        rendered,
        messageId: newMessageId(ctx),
        onSent: null,
      });
    }
    await tx
      .update(notifications)
      .set({ emailedAt: now })
      .where(
        and(
          isNull(notifications.emailedAt),
          inArray(
            notifications.id,
            pending.map((item) => item.notice.id),
          ),
        ),
      );
    return groups.size;
  });
}

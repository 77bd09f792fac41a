import { appendAudit } from "../audit/audit.service.js";
import type { Ctx } from "../context.js";
import { transact } from "../db/transact.js";
import { invalid } from "../errors.js";
import { type BusinessCalendar, validateCalendar } from "../sla/sla.calendar.js";
import type { Policy } from "../sla/sla.policy.js";
import { insertSettingsVersion, type SettingsKind } from "./settings.queries.js";

/**
 * R4: a new calendar or policy version. Cases keep the versions that set their deadlines: nothing
 * already set moves (an admin recompute of open cases comes with the lifecycle engine).
 */
async function saveVersion<T>(ctx: Ctx, kind: SettingsKind, body: T, old: unknown) {
  const now = ctx.clock.now();
  const version = await transact(ctx, async (tx) => {
    const saved = await insertSettingsVersion(tx, kind, body, now, ctx.actor.userId);
    await appendAudit(tx, ctx.actor, now, {
      stream: `settings:${kind}`,
      action: `${kind}.updated`,
      changes: { version: { new: saved }, body: { old, new: body } },
    });
    return saved;
  });
  ctx.settings.forget();
  return { version, body, createdAt: now };
}

export async function saveCalendar(ctx: Ctx, calendar: BusinessCalendar) {
  const problems = validateCalendar(calendar);
  if (problems.length) throw invalid(problems.map((p) => ({ field: p.path, message: p.message })));
  // Validation has refused duplicates; keep them in date order.
  const holidays = [...calendar.holidays].sort();
  const current = await ctx.settings.current(ctx.db);
  return saveVersion(ctx, "calendar", { ...calendar, holidays }, current.calendar.body);
}

export async function savePolicy(ctx: Ctx, policy: Policy) {
  if (policy.escalation.level3BusinessDays <= policy.escalation.level2BusinessDays) {
    throw invalid([
      {
        field: "escalation.level3BusinessDays",
        message: "must be more than level2BusinessDays (L3 comes after L2)",
      },
    ]);
  }
  const current = await ctx.settings.current(ctx.db);
  return saveVersion(ctx, "policy", policy, current.policy.body);
}

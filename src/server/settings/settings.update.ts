import { appendAudit } from "../audit/audit.service.js";
import type { Ctx } from "../context.js";
import { transact } from "../db/transact.js";
import { invalid } from "../errors.js";
import {
  addBusinessMinutes,
  type BusinessCalendar,
  standardDayMinutes,
  validateCalendar,
} from "../sla/sla.calendar.js";
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

/**
 * R4: every business-time span of the policy must end within the calendar arithmetic's horizon (about ten
 * years of calendar days). Found by fuzzing: a policy of 10 000 business days (the schema's maximum), or a
 * calendar open a few minutes a week, was saved, and from then on every new case failed with a 500.
 */
function refuseUncountableSpans(
  policy: Policy,
  calendar: BusinessCalendar,
  now: Date,
  blame: "policy" | "calendar",
) {
  const day = standardDayMinutes(calendar);
  const spans: [string, number][] = [
    ["assignBusinessDays", policy.assignBusinessDays * day],
    ["resolveBusinessDays", policy.resolveBusinessDays * day],
    ["escalation.level2BusinessDays", policy.escalation.level2BusinessDays * day],
    ["escalation.level3BusinessDays", policy.escalation.level3BusinessDays * day],
    ["followUpBusinessDays", policy.followUpBusinessDays * day],
    ...(policy.acknowledge.businessTime
      ? [["acknowledge.hours", policy.acknowledge.hours * 60] as [string, number]]
      : []),
  ];
  const problems = spans.flatMap(([field, minutes]) => {
    try {
      addBusinessMinutes(calendar, now, minutes);
      return [];
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      return [
        blame === "policy"
          ? { field, message: "is too long to count in the business calendar (over ten years); shorten it" }
          : {
              field: "workingHours",
              message: `leaves too little working time to count the policy's ${field} within ten years; open more hours`,
            },
      ];
    }
  });
  if (problems.length) throw invalid(blame === "policy" ? problems : problems.slice(0, 1));
}

export async function saveCalendar(ctx: Ctx, calendar: BusinessCalendar) {
  const problems = validateCalendar(calendar);
  if (problems.length) throw invalid(problems.map((p) => ({ field: p.path, message: p.message })));
  // Validation has refused duplicates; keep them in date order.
  const holidays = [...calendar.holidays].sort();
  const current = await ctx.settings.current(ctx.db);
  refuseUncountableSpans(current.policy.body, { ...calendar, holidays }, ctx.clock.now(), "calendar");
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
  // SQL multiplies deadline intervals by it (the due-soon lists): 1e-300 % underflowed there, a 500 on every
  // list and the dashboard from then on (found by fuzzing). A hundredth of a percent is precision enough.
  if (policy.dueSoonPercent > 0 && policy.dueSoonPercent < 0.01) {
    throw invalid([
      { field: "dueSoonPercent", message: "must be 0 or at least 0.01 (a hundredth of a percent)" },
    ]);
  }
  const current = await ctx.settings.current(ctx.db);
  refuseUncountableSpans(policy, current.calendar.body, ctx.clock.now(), "policy");
  return saveVersion(ctx, "policy", policy, current.policy.body);
}

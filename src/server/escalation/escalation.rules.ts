import type { Level, Severity } from "../../shared/enums.js";
import { type BusinessCalendar, standardDayMinutes } from "../sla/sla.calendar.js";
import type { Policy } from "../sla/sla.policy.js";
import { elapsedBusinessMinutes, toLevel } from "../sla/sla.schedule.js";

export type EscalationCause = "critical" | "recurring" | "elapsed";

export interface LevelDecision {
  level: Level;
  cause: EscalationCause | null;
}

/**
 * SOP 004 §5 escalation matrix, as one pure decision:
 * - a critical case, or a recurring one, is L3 from the start;
 * - an unresolved case is L2 after `level2BusinessDays` and L3 after `level3BusinessDays` of business
 *   time since receipt (pauses already taken out of `elapsedBusinessMinutes`);
 * - the level never drops by itself: the result is at least `current`.
 */
export function decideLevel(input: {
  policy: Policy;
  standardDayMinutes: number;
  current: Level;
  severity: Severity | null;
  recurring: boolean;
  elapsedBusinessMinutes: number;
}): LevelDecision {
  const { policy, current } = input;
  const days = input.elapsedBusinessMinutes / input.standardDayMinutes;
  let wanted: LevelDecision = { level: 1, cause: null };
  if (days >= policy.escalation.level2BusinessDays) wanted = { level: 2, cause: "elapsed" };
  if (days >= policy.escalation.level3BusinessDays) wanted = { level: 3, cause: "elapsed" };
  if (input.recurring) wanted = { level: 3, cause: "recurring" };
  if (input.severity === "critical") wanted = { level: 3, cause: "critical" };
  return wanted.level > current ? wanted : { level: current, cause: null };
}

/** The level a case calls for now, from the policy and calendar it was set under. */
export function levelNow(
  c: {
    level: number;
    severity: Severity | null;
    receivedAt: Date;
    pausedAt: Date | null;
    pausedMinutes: number;
  },
  settings: { policy: Policy; calendar: BusinessCalendar },
  now: Date,
  overrides: { severity?: Severity | null; recurring?: boolean } = {},
): LevelDecision {
  return decideLevel({
    policy: settings.policy,
    standardDayMinutes: standardDayMinutes(settings.calendar),
    current: toLevel(c.level),
    severity: overrides.severity === undefined ? c.severity : overrides.severity,
    recurring: overrides.recurring ?? false,
    elapsedBusinessMinutes: elapsedBusinessMinutes(c, settings.calendar, now),
  });
}

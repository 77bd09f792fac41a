import type { DeadlineState, DeadlineStep, Level, Status } from "../../shared/enums.js";
import {
  addBusinessMinutes,
  type BusinessCalendar,
  businessMinutesBetween,
  standardDayMinutes,
} from "./sla.calendar.js";
import type { Policy } from "./sla.policy.js";

/** The deadline-relevant part of a case. */
export interface ClockState {
  status: Status;
  level: number;
  receivedAt: Date;
  acknowledgeDueAt: Date;
  assignDueAt: Date;
  resolveDueAt: Date;
  acknowledgedAt: Date | null;
  assignedAt: Date | null;
  resolvedAt: Date | null;
  pausedAt: Date | null;
  pausedMinutes: number;
}

export interface Schedule {
  nextDueAt: Date | null;
  nextDueStep: DeadlineStep | null;
  nextEscalationAt: Date | null;
}

const FINISHED: readonly Status[] = ["resolved", "closed", "archived"];

/** The steps whose clocks run now: not done, and (for resolve) not paused while awaiting the customer. */
function runningSteps(c: ClockState): { step: DeadlineStep; dueAt: Date }[] {
  if (FINISHED.includes(c.status)) return [];
  const steps: { step: DeadlineStep; dueAt: Date }[] = [];
  if (!c.acknowledgedAt) steps.push({ step: "acknowledge", dueAt: c.acknowledgeDueAt });
  if (!c.assignedAt) steps.push({ step: "assign", dueAt: c.assignDueAt });
  if (!c.resolvedAt && !c.pausedAt) steps.push({ step: "resolve", dueAt: c.resolveDueAt });
  return steps;
}

/**
 * R4/R5: when the next deadline falls due and when the case reaches its next escalation level —
 * stored on the case so the sweeps find due work with an index instead of computing every case.
 * SOP 004 §5: L2 after `level2BusinessDays`, L3 after `level3BusinessDays` of business time since
 * receipt, paused time excluded; no escalation clock while paused, resolved or at L3.
 */
export function scheduleOf(c: ClockState, policy: Policy, calendar: BusinessCalendar): Schedule {
  const next = runningSteps(c).sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime())[0];
  let nextEscalationAt: Date | null = null;
  if (!FINISHED.includes(c.status) && !c.pausedAt && c.level < 3) {
    const days = c.level < 2 ? policy.escalation.level2BusinessDays : policy.escalation.level3BusinessDays;
    const minutes = days * standardDayMinutes(calendar) + c.pausedMinutes;
    nextEscalationAt = addBusinessMinutes(calendar, c.receivedAt, minutes);
  }
  return { nextDueAt: next?.dueAt ?? null, nextDueStep: next?.step ?? null, nextEscalationAt };
}

export interface DeadlineView {
  dueAt: string;
  state: DeadlineState;
  completedAt: string | null;
}

/**
 * R4: a deadline is met or missed once its step is done; before that on track, due soon (less than
 * `dueSoonPercent` of its time left), breached, or — the resolve clock while awaiting the customer — paused.
 */
export function deadlineState(
  dueAt: Date,
  completedAt: Date | null,
  receivedAt: Date,
  now: Date,
  dueSoonPercent: number,
  paused = false,
): DeadlineView {
  const view = (state: DeadlineState) => ({
    dueAt: dueAt.toISOString(),
    state,
    completedAt: completedAt?.toISOString() ?? null,
  });
  if (completedAt) return view(completedAt.getTime() <= dueAt.getTime() ? "met" : "missed");
  if (paused) return view("paused");
  if (now.getTime() >= dueAt.getTime()) return view("breached");
  const warnAt = dueAt.getTime() - ((dueAt.getTime() - receivedAt.getTime()) * dueSoonPercent) / 100;
  return view(now.getTime() >= warnAt ? "due_soon" : "on_track");
}

/** "met" when a step is done by its deadline, else "missed" (recorded when the step happens). */
export const outcomeAt = (dueAt: Date, at: Date) => (at.getTime() <= dueAt.getTime() ? "met" : "missed");

export const toLevel = (level: number) => Math.min(3, Math.max(1, level)) as Level;

/** R5: business time since receipt with every pause taken out, including one still running. */
export function elapsedBusinessMinutes(
  c: Pick<ClockState, "receivedAt" | "pausedAt" | "pausedMinutes">,
  calendar: BusinessCalendar,
  now: Date,
): number {
  const running = c.pausedAt ? businessMinutesBetween(calendar, c.pausedAt, now) : 0;
  return businessMinutesBetween(calendar, c.receivedAt, now) - c.pausedMinutes - running;
}

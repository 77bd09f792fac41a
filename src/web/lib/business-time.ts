// R4: time left to a deadline counted in business time — the organisation's working hours and holidays
// (GET /api/v1/calendar) — with the same arithmetic the server uses to set the deadlines.
import {
  type BusinessCalendar,
  businessMinutesBetween,
  standardDayMinutes,
} from "../../shared/business-calendar";
import { t } from "../strings";

export interface BusinessSpan {
  /** Whole business minutes between now and the deadline (rounded down); never negative. */
  minutes: number;
  overdue: boolean;
  /** Minutes of a standard business day in this calendar (480 for 09:00–17:00). */
  dayMinutes: number;
}

/** Business time from `now` to `dueAt`, or since it when it has passed; undefined if the calendar is unusable. */
export function businessTimeUntil(
  calendar: BusinessCalendar,
  dueAt: string,
  now: Date,
): BusinessSpan | undefined {
  const due = new Date(dueAt);
  const overdue = due.getTime() <= now.getTime();
  try {
    const between = overdue
      ? businessMinutesBetween(calendar, due, now)
      : businessMinutesBetween(calendar, now, due);
    return { minutes: Math.floor(between + 1e-9), overdue, dayMinutes: standardDayMinutes(calendar) };
  } catch {
    // A calendar the server would refuse (no open day, unknown zone): better no figure than a wrong one.
    return undefined;
  }
}

/** "1 business day 4 h", "6 business hours", "3 business hours 20 min", "45 business minutes". */
export function describeBusinessSpan(minutes: number, dayMinutes: number): string {
  const tt = t.time;
  const days = dayMinutes > 0 ? Math.floor(minutes / dayMinutes) : 0;
  const rest = minutes - days * dayMinutes;
  const hours = Math.floor(rest / 60);
  const mins = rest % 60;
  if (days > 0) return hours > 0 ? `${tt.businessDays(days)} ${tt.hoursShort(hours)}` : tt.businessDays(days);
  if (hours > 0)
    return mins > 0 ? `${tt.businessHours(hours)} ${tt.minutesShort(mins)}` : tt.businessHours(hours);
  return tt.businessMinutes(mins);
}

/** "6 business hours left", "overdue by 1 business day", "due now", "overdue" (not yet a business minute). */
export function describeTimeLeft(span: BusinessSpan): string {
  if (span.minutes < 1) return span.overdue ? t.time.overdue : t.time.dueNow;
  const text = describeBusinessSpan(span.minutes, span.dayMinutes);
  return span.overdue ? t.time.overdueBy(text) : t.time.left(text);
}

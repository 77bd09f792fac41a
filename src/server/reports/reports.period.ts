// R12: report periods are calendar months in the organisation's time zone (the business calendar's zone),
// so a complaint received at 23:30 UTC on 31 October is October's in London (GMT) but November's in Paris.
import { DateTime } from "luxon";
import { MONTH_PATTERN } from "../../shared/reports.schema.js";
import { invalid } from "../errors.js";

export interface MonthPeriod {
  /** "2026-10" */
  month: string;
  /** First instant of the month in the zone. */
  start: Date;
  /** First instant of the next month in the zone (exclusive). */
  end: Date;
}

function parts(month: string): { year: number; month: number } {
  if (!MONTH_PATTERN.test(month)) throw new RangeError(`${month} is not a month written YYYY-MM`);
  return { year: Number(month.slice(0, 4)), month: Number(month.slice(5, 7)) };
}

export function monthPeriod(month: string, zone: string): MonthPeriod {
  const first = DateTime.fromObject({ ...parts(month), day: 1 }, { zone });
  return { month, start: first.toJSDate(), end: first.plus({ months: 1 }).toJSDate() };
}

/** The month `by` months after (negative: before) `month`. */
export function shiftMonth(month: string, by: number): string {
  return DateTime.fromObject({ ...parts(month), day: 1 }, { zone: "UTC" })
    .plus({ months: by })
    .toFormat("yyyy-MM");
}

/** The month an instant falls in, in the zone. */
export function monthOf(at: Date, zone: string): string {
  return DateTime.fromJSDate(at, { zone }).toFormat("yyyy-MM");
}

/** FCA DISP 1.10 reports by half-year: January–June and July–December. */
export function halfYearOf(month: string): { label: string; from: string; months: string[] } {
  const { year, month: m } = parts(month);
  const firstMonth = m <= 6 ? 1 : 7;
  const from = `${String(year).padStart(4, "0")}-${String(firstMonth).padStart(2, "0")}`;
  const months = Array.from({ length: m - firstMonth + 1 }, (_, i) => shiftMonth(from, i));
  return { label: `${year} H${m <= 6 ? 1 : 2}`, from, months };
}

/** Older than any complaint Redress can hold (it was written in 2026; imports of older logs still fit). */
export const EARLIEST_REPORT_MONTH = "1970-01";

/**
 * Refuses a month that has not begun in the organisation's zone (`field` names it in the 400).
 * The current month is allowed: its report is live, to date, and not archived.
 */
export function checkReportMonth(month: string, now: Date, zone: string, field: string): MonthPeriod {
  if (!MONTH_PATTERN.test(month)) {
    throw invalid([{ field, message: "must be a month written YYYY-MM (01 to 12), e.g. 2026-10" }]);
  }
  const current = monthOf(now, zone);
  // The report compares with the month a year back and the half-year before it: years of four digits only
  // (fuzzing sent 0440-12, whose half-year start fell outside YYYY-MM and answered 500).
  if (month < EARLIEST_REPORT_MONTH) {
    throw invalid([{ field, message: `is before ${EARLIEST_REPORT_MONTH}; Redress keeps no earlier cases` }]);
  }
  if (month > current) {
    throw invalid([{ field, message: `is in the future; the latest month with a report is ${current}` }]);
  }
  return monthPeriod(month, zone);
}

/** A month is complete, and its report final, once its last instant has passed. */
export function isComplete(period: MonthPeriod, now: Date): boolean {
  return period.end.getTime() <= now.getTime();
}

export function monthLabel(month: string): string {
  return DateTime.fromObject({ ...parts(month), day: 1 }, { zone: "UTC" }).toFormat("LLLL yyyy");
}

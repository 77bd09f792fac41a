import { DateTime } from "luxon";
import { invalid } from "../errors.js";

/** A calendar month in the organisation's time zone, as the instants it starts and ends. */
export function monthRange(month: string, zone: string): { start: Date; end: Date } {
  const start = DateTime.fromISO(`${month}-01`, { zone });
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month) || !start.isValid) {
    throw invalid([
      { field: "month", message: `"${month}" is not a month; write it as YYYY-MM, e.g. 2026-10` },
    ]);
  }
  return { start: start.toJSDate(), end: start.plus({ months: 1 }).toJSDate() };
}

/** The month before `now`, where the organisation is. */
export function previousMonth(now: Date, zone: string): string {
  return DateTime.fromJSDate(now, { zone }).minus({ months: 1 }).toFormat("yyyy-MM");
}

/** A month that has not finished yet (where the organisation is) cannot be sampled or reported as closed. */
export function assertMonthOver(month: string, now: Date, zone: string): void {
  if (monthRange(month, zone).end.getTime() > now.getTime()) {
    throw invalid([{ field: "month", message: `${month} has not ended yet; choose a finished month` }]);
  }
}

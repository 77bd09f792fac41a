// Business time for whole populations at once. businessMinutesBetween walks day by day for each pair of
// instants, which at tens of thousands of cases a month is too slow for a report; instead the calendar is
// laid out once as one working window per local day with the business minutes before it, so that
// "business minutes between a and b" becomes B(b) - B(a), computed inside the database (see
// businessTimeSql). The windows come from sla.calendar.ts itself, so the arithmetic agrees with it.
import { type SQL, sql } from "drizzle-orm";
import { DateTime } from "luxon";
import {
  type BusinessCalendar,
  businessMinutesBetween,
  closeOfBusinessDayAfter,
  nextOpening,
  standardDayMinutes,
} from "../sla/sla.calendar.js";

/** One local day, in epoch seconds. */
interface Day {
  start: number;
  /** The working window (open = start and minutes = 0 on a closed day). */
  open: number;
  minutes: number;
  /** FCA DISP 1.5: close of business on the 3rd business day after this day. */
  thirdBusinessDayClose: number;
}

export interface BusinessTimeline {
  /** Per local day, ascending, in epoch seconds (see Day). */
  starts: number[];
  opens: number[];
  closes: number[];
  /** Business minutes from the start of the first day to the start of each day. */
  minutesBefore: number[];
  thirdBusinessDayClose: number[];
  /** Length of a standard business day, for ages in business days. */
  dayMinutes: number;
}

// Days never change for a given calendar: they are worked out once per calendar and kept (a few hundred
// bytes a day; a year is ~90 KB), so a report only works out days it has not seen.
const dayCache = new Map<string, Map<string, Day>>();

function dayOf(calendar: BusinessCalendar, day: DateTime): Day {
  const dayStart = day.toJSDate();
  const nextStart = day.plus({ days: 1 }).toJSDate();
  // One window a day: its opening is the first business instant of the day, its length the business
  // minutes from there to midnight (time inside a window is continuous, so close = open + length).
  const open = nextOpening(calendar, dayStart);
  const minutes = open < nextStart ? businessMinutesBetween(calendar, open, nextStart) : 0;
  return {
    start: dayStart.getTime() / 1000,
    open: (minutes > 0 ? open : dayStart).getTime() / 1000,
    minutes,
    thirdBusinessDayClose: closeOfBusinessDayAfter(calendar, dayStart, 3).getTime() / 1000,
  };
}

/** The calendar's windows for every local day from `from` to `to` (plus one day either side). */
export function businessTimeline(calendar: BusinessCalendar, from: Date, to: Date): BusinessTimeline {
  const zone = calendar.timezone;
  const key = JSON.stringify(calendar);
  let days = dayCache.get(key);
  if (!days) {
    if (dayCache.size >= 8) dayCache.clear();
    days = new Map();
    dayCache.set(key, days);
  }
  const timeline: BusinessTimeline = {
    starts: [],
    opens: [],
    closes: [],
    minutesBefore: [],
    thirdBusinessDayClose: [],
    dayMinutes: standardDayMinutes(calendar),
  };
  const last = DateTime.fromJSDate(to, { zone }).startOf("day").plus({ days: 1 });
  let before = 0;
  for (let day = DateTime.fromJSDate(from, { zone }).startOf("day").minus({ days: 1 }); day <= last; ) {
    const iso = day.toISODate()!;
    let entry = days.get(iso);
    if (!entry) {
      entry = dayOf(calendar, day);
      days.set(iso, entry);
    }
    timeline.starts.push(entry.start);
    timeline.opens.push(entry.open);
    timeline.closes.push(entry.open + entry.minutes * 60);
    timeline.minutesBefore.push(before);
    timeline.thirdBusinessDayClose.push(entry.thirdBusinessDayClose);
    before += entry.minutes;
    day = day.plus({ days: 1 });
  }
  return timeline;
}

/** The last index i (0-based) with values[i] <= x, or -1: what SQL's width_bucket gives, less one. */
function bucketOf(values: number[], x: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (values[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** B(t) in JavaScript: business minutes from the start of the first day to `at` (for one instant). */
export function businessMinutesAt(timeline: BusinessTimeline, at: Date): number {
  const seconds = at.getTime() / 1000;
  const i = bucketOf(timeline.opens, seconds);
  if (i < 0) throw new RangeError(`${at.toISOString()} is before the report's timeline`);
  const open = timeline.opens[i]!;
  return timeline.minutesBefore[i]! + Math.max(0, Math.min(seconds - open, timeline.closes[i]! - open)) / 60;
}

const floats = (values: number[]) => `{${values.join(",")}}`;

/** The timeline as a one-row relation `tl`, to CROSS JOIN once (each array travels as one parameter). */
export function timelineCte(timeline: BusinessTimeline): SQL {
  return sql`tl AS (
    SELECT ${floats(timeline.starts)}::float8[] AS starts, ${floats(timeline.opens)}::float8[] AS opens,
           ${floats(timeline.closes)}::float8[] AS closes, ${floats(timeline.minutesBefore)}::float8[] AS before,
           ${floats(timeline.thirdBusinessDayClose)}::float8[] AS due3
  )`;
}

/**
 * B(t) for an epoch-seconds expression, in SQL (needs `tl`). width_bucket finds the last window opening at
 * or before t by binary search — no time zone arithmetic per row: a time before a day's opening falls in
 * the day before, whose window is then wholly passed. `bucket` names a column holding
 * width_bucket(epoch, tl.opens), computed once per row (see the LATERAL in the queries).
 */
export function businessTimeSql(epoch: SQL, bucket: SQL): SQL {
  return sql`(tl.before[${bucket}] + least(greatest(${epoch} - tl.opens[${bucket}], 0),
              tl.closes[${bucket}] - tl.opens[${bucket}]) / 60)`;
}

import { describe, expect, it } from "vitest";
import {
  addBusinessMinutes,
  type BusinessCalendar,
  businessMinutesBetween,
  closeOfBusinessDayAfter,
  type DayHours,
  DEFAULT_WORKING_HOURS,
  nextOpening,
  standardDayMinutes,
  validateCalendar,
  WEEKDAYS,
  type Weekday,
} from "./sla.calendar.js";

// Every expected value below was worked out by hand from the calendar and written as a local wall time with
// its offset. 2026 DST changes: London 29 Mar (01:00 GMT → 02:00 BST) and 25 Oct (02:00 BST → 01:00 GMT);
// New York 8 Mar (02:00 EST → 03:00 EDT) and 1 Nov (02:00 EDT → 01:00 EST); Sydney 5 Apr (03:00 AEDT →
// 02:00 AEST) and 4 Oct (02:00 AEST → 03:00 AEDT). Kolkata is +05:30 all year.

const everyDay = (hours: DayHours): Record<Weekday, DayHours> =>
  Object.fromEntries(WEEKDAYS.map((day) => [day, hours])) as Record<Weekday, DayHours>;
const calendar = (timezone: string, workingHours = DEFAULT_WORKING_HOURS, holidays: string[] = []) => ({
  timezone,
  workingHours,
  holidays,
});

const LONDON = calendar("Europe/London", DEFAULT_WORKING_HOURS, [
  "2026-01-01",
  "2026-04-03", // Good Friday
  "2026-04-06", // Easter Monday
  "2026-05-04",
  "2026-05-25", // Spring bank holiday (Monday)
  "2026-08-31",
  "2026-12-25", // Christmas Day (Friday)
  "2026-12-28", // Boxing Day substitute (Monday)
]);
const LONDON_24H = calendar("Europe/London", everyDay(["00:00", "24:00"]));
const LONDON_NIGHT = calendar("Europe/London", everyDay(["00:00", "08:00"]));
const NEW_YORK = calendar("America/New_York", DEFAULT_WORKING_HOURS, [
  "2026-07-03",
  "2026-11-26",
  "2026-12-25",
]);
const NEW_YORK_24H = calendar("America/New_York", everyDay(["00:00", "24:00"]));
/** Opens at 02:30, which does not exist on 8 Mar 2026. */
const NEW_YORK_GAP = calendar("America/New_York", everyDay(["02:30", "08:00"]));
/** Sunday only, opening at 01:30, which happens twice on 1 Nov 2026. */
const NEW_YORK_OVERLAP = calendar("America/New_York", { ...everyDay(null), sun: ["01:30", "03:00"] });
const SYDNEY = calendar("Australia/Sydney", DEFAULT_WORKING_HOURS, [
  "2026-01-26",
  "2026-04-03", // Good Friday
  "2026-04-06", // Easter Monday
  "2026-10-05", // Labour Day (Monday after DST starts)
  "2026-12-25",
  "2026-12-28",
]);
const SYDNEY_24H = calendar("Australia/Sydney", everyDay(["00:00", "24:00"]));
const SYDNEY_NIGHT = calendar("Australia/Sydney", everyDay(["00:00", "08:00"]));
const KOLKATA = calendar(
  "Asia/Kolkata",
  { ...everyDay(["09:30", "18:00"]), sat: ["10:00", "14:00"], sun: null },
  ["2026-01-26", "2026-08-15", "2026-10-02"], // Republic Day (Mon), Independence Day (Sat), Gandhi Jayanti (Fri)
);
const UTC_MIXED = calendar("UTC", {
  mon: ["08:00", "16:00"],
  tue: ["09:00", "17:30"],
  wed: null,
  thu: ["10:00", "18:00"],
  fri: ["09:00", "13:00"],
  sat: ["10:00", "12:00"],
  sun: null,
});

const iso = (text: string) => new Date(text).toISOString();

describe("addBusinessMinutes", () => {
  // biome-ignore format: one worked case per line reads as a table
  it.each<[string, BusinessCalendar, string, number, string]>([
    ["inside hours: Mon 10:00 + 60 → Mon 11:00", LONDON, "2026-03-02T10:00:00+00:00", 60, "2026-03-02T11:00:00+00:00"],
    ["lands on closing: Mon 09:00 + 480 → Mon 17:00, not Tue 09:00", LONDON, "2026-03-02T09:00:00+00:00", 480, "2026-03-02T17:00:00+00:00"],
    ["before opening: Mon 07:30 + 30 → Mon 09:30", LONDON, "2026-03-02T07:30:00+00:00", 30, "2026-03-02T09:30:00+00:00"],
    ["after closing: Mon 18:00 + 30 → Tue 09:30", LONDON, "2026-03-02T18:00:00+00:00", 30, "2026-03-03T09:30:00+00:00"],
    ["at night: Tue 02:00 + 480 → Tue 17:00", LONDON, "2026-03-03T02:00:00+00:00", 480, "2026-03-03T17:00:00+00:00"],
    ["at the weekend: Sat 12:00 + 60 → Mon 10:00", LONDON, "2026-03-07T12:00:00+00:00", 60, "2026-03-09T10:00:00+00:00"],
    ["one business day from midday: Mon 13:00 + 480 → Tue 13:00", LONDON, "2026-03-02T13:00:00+00:00", 480, "2026-03-03T13:00:00+00:00"],
    ["five business days over a weekend: Fri 13:00 + 2400 → Fri 13:00", LONDON, "2026-03-06T13:00:00+00:00", 2400, "2026-03-13T13:00:00+00:00"],
    ["Christmas and Boxing Day substitute: Thu 24 Dec 15:00 + 480 → Tue 29 Dec 15:00", LONDON, "2026-12-24T15:00:00+00:00", 480, "2026-12-29T15:00:00+00:00"],
    ["five days over Christmas: Wed 23 Dec 09:00 + 2400 → Thu 31 Dec 17:00", LONDON, "2026-12-23T09:00:00+00:00", 2400, "2026-12-31T17:00:00+00:00"],
    ["Easter: Thu 2 Apr 10:00 + 960 skips Good Friday and Easter Monday → Wed 8 Apr 10:00", LONDON, "2026-04-02T10:00:00+01:00", 960, "2026-04-08T10:00:00+01:00"],
    ["Monday holiday after a Friday start: Fri 22 May 16:00 + 480 → Tue 26 May 16:00", LONDON, "2026-05-22T16:00:00+01:00", 480, "2026-05-26T16:00:00+01:00"],
    ["London spring-forward weekend: Fri 16:00 GMT + 120 → Mon 10:00 BST", LONDON, "2026-03-27T16:00:00+00:00", 120, "2026-03-30T10:00:00+01:00"],
    ["London fall-back weekend: Fri 16:30 BST + 60 → Mon 09:30 GMT", LONDON, "2026-10-23T16:30:00+01:00", 60, "2026-10-26T09:30:00+00:00"],
    ["24h days, London spring forward: Sat 23:00 GMT + 120 → Sun 02:00 BST", LONDON_24H, "2026-03-28T23:00:00+00:00", 120, "2026-03-29T02:00:00+01:00"],
    ["24h days, London fall back: Sat 23:00 BST + 180 → the second Sun 01:00, GMT", LONDON_24H, "2026-10-24T23:00:00+01:00", 180, "2026-10-25T01:00:00+00:00"],
    ["00:00–08:00 on London spring-forward day is 420 real minutes", LONDON_NIGHT, "2026-03-29T00:00:00+00:00", 420, "2026-03-29T08:00:00+01:00"],
    ["00:00–08:00, one minute past the short day spills to Mon 00:01", LONDON_NIGHT, "2026-03-29T00:00:00+00:00", 421, "2026-03-30T00:01:00+01:00"],
    ["00:00–08:00 on London fall-back day is 540 real minutes", LONDON_NIGHT, "2026-10-25T00:00:00+01:00", 540, "2026-10-25T08:00:00+00:00"],
    ["New York spring-forward weekend: Fri 16:00 EST + 120 → Mon 10:00 EDT", NEW_YORK, "2026-03-06T16:00:00-05:00", 120, "2026-03-09T10:00:00-04:00"],
    ["New York fall-back weekend: Fri 16:00 EDT + 120 → Mon 10:00 EST", NEW_YORK, "2026-10-30T16:00:00-04:00", 120, "2026-11-02T10:00:00-05:00"],
    ["Thanksgiving: Wed 25 Nov 12:00 + 960 → Mon 30 Nov 12:00", NEW_YORK, "2026-11-25T12:00:00-05:00", 960, "2026-11-30T12:00:00-05:00"],
    ["opening 02:30 inside the NY gap opens at 03:00 EDT: Sun 00:00 EST + 60 → 04:00 EDT", NEW_YORK_GAP, "2026-03-08T00:00:00-05:00", 60, "2026-03-08T04:00:00-04:00"],
    ["from Saturday's window into the NY gap day: Sat 07:00 EST + 120 → Sun 04:00 EDT", NEW_YORK_GAP, "2026-03-07T07:00:00-05:00", 120, "2026-03-08T04:00:00-04:00"],
    ["24h days, New York spring forward: Sun 01:30 EST + 60 → 03:30 EDT", NEW_YORK_24H, "2026-03-08T01:30:00-05:00", 60, "2026-03-08T03:30:00-04:00"],
    ["24h days, New York fall back: Sun 00:30 EDT + 120 → the second 01:30, EST", NEW_YORK_24H, "2026-11-01T00:30:00-04:00", 120, "2026-11-01T01:30:00-05:00"],
    ["ambiguous 01:30 opening uses the first 01:30 (EDT): + 30 → 01:00 EST", NEW_YORK_OVERLAP, "2026-11-01T00:00:00-04:00", 30, "2026-11-01T01:00:00-05:00"],
    ["ambiguous 01:30–03:00 window is 150 real minutes: + 150 → 03:00 EST", NEW_YORK_OVERLAP, "2026-11-01T00:00:00-04:00", 150, "2026-11-01T03:00:00-05:00"],
    ["Sydney Easter and DST end: Thu 15:00 AEDT + 480 → Tue 7 Apr 15:00 AEST", SYDNEY, "2026-04-02T15:00:00+11:00", 480, "2026-04-07T15:00:00+10:00"],
    ["Sydney DST start and Labour Day: Fri 16:00 AEST + 120 → Tue 6 Oct 10:00 AEDT", SYDNEY, "2026-10-02T16:00:00+10:00", 120, "2026-10-06T10:00:00+11:00"],
    ["Sydney: Sunday 22:00 UTC is Monday 09:00 locally: + 60 → Mon 10:00 AEDT", SYDNEY, "2026-03-01T22:00:00Z", 60, "2026-03-02T10:00:00+11:00"],
    ["24h days, Sydney DST end: Sun 01:30 AEDT + 120 → 02:30 AEST", SYDNEY_24H, "2026-04-05T01:30:00+11:00", 120, "2026-04-05T02:30:00+10:00"],
    ["24h days, Sydney DST start: Sun 01:30 AEST + 60 → 03:30 AEDT", SYDNEY_24H, "2026-10-04T01:30:00+10:00", 60, "2026-10-04T03:30:00+11:00"],
    ["00:00–08:00 on Sydney DST-end day is 540 real minutes", SYDNEY_NIGHT, "2026-04-05T00:00:00+11:00", 540, "2026-04-05T08:00:00+10:00"],
    ["00:00–08:00 on Sydney DST-start day is 420 real minutes", SYDNEY_NIGHT, "2026-10-04T00:00:00+10:00", 420, "2026-10-04T08:00:00+11:00"],
    ["Kolkata Saturday half-day and Republic Day: Fri 17:00 + 600 → Tue 27 Jan 14:30", KOLKATA, "2026-01-23T17:00:00+05:30", 600, "2026-01-27T14:30:00+05:30"],
    ["Kolkata Saturday half-day: Sat 13:00 + 120 → Mon 10:30", KOLKATA, "2026-03-07T13:00:00+05:30", 120, "2026-03-09T10:30:00+05:30"],
    ["Kolkata lands on 18:00 closing and stays", KOLKATA, "2026-10-01T17:00:00+05:30", 60, "2026-10-01T18:00:00+05:30"],
    ["Kolkata one minute later skips Gandhi Jayanti to Sat 10:01", KOLKATA, "2026-10-01T17:00:00+05:30", 61, "2026-10-03T10:01:00+05:30"],
    ["Kolkata start given in UTC: 04:00Z is 09:30 IST, + 30 → 10:00 IST", KOLKATA, "2026-03-02T04:00:00Z", 30, "2026-03-02T10:00:00+05:30"],
    ["closed Wednesday: Tue 17:00 + 60 → Thu 10:30", UTC_MIXED, "2026-03-03T17:00:00Z", 60, "2026-03-05T10:30:00Z"],
    ["different hours per day: Fri 12:00 + 240 → Sat 10–12 → Mon 09:00", UTC_MIXED, "2026-03-06T12:00:00Z", 240, "2026-03-09T09:00:00Z"],
    ["Monday 08:00–16:00 from opening + 480 → Monday 16:00", UTC_MIXED, "2026-03-09T08:00:00Z", 480, "2026-03-09T16:00:00Z"],
    ["0 minutes returns the instant unchanged, even at the weekend", LONDON, "2026-03-07T12:00:00+00:00", 0, "2026-03-07T12:00:00+00:00"],
    ["half a minute: Mon 09:00 + 0.5 → 09:00:30", LONDON, "2026-03-02T09:00:00+00:00", 0.5, "2026-03-02T09:00:30+00:00"],
  ])("%s", (_name, cal, start, minutes, expected) => {
    expect(addBusinessMinutes(cal, new Date(start), minutes).toISOString()).toBe(iso(expected));
  });

  it.each([
    ["negative minutes", -1],
    ["NaN minutes", Number.NaN],
    ["infinite minutes", Number.POSITIVE_INFINITY],
  ])("throws a RangeError for %s", (_name, minutes) => {
    expect(() => addBusinessMinutes(LONDON, new Date("2026-03-02T10:00:00Z"), minutes)).toThrow(RangeError);
  });

  it("throws a RangeError for an invalid start date", () => {
    expect(() => addBusinessMinutes(LONDON, new Date("nonsense"), 60)).toThrow(RangeError);
  });
});

describe("nextOpening", () => {
  // biome-ignore format: one worked case per line reads as a table
  it.each<[string, BusinessCalendar, string, string]>([
    ["exactly at opening → itself", LONDON, "2026-03-02T09:00:00+00:00", "2026-03-02T09:00:00+00:00"],
    ["inside hours → itself", LONDON, "2026-03-02T12:00:00+00:00", "2026-03-02T12:00:00+00:00"],
    ["exactly at closing → the next day's opening", LONDON, "2026-03-02T17:00:00+00:00", "2026-03-03T09:00:00+00:00"],
    ["Friday closing → Monday opening", LONDON, "2026-03-06T17:00:00+00:00", "2026-03-09T09:00:00+00:00"],
    ["Christmas Eve closing → Tue 29 Dec opening", LONDON, "2026-12-24T17:00:00+00:00", "2026-12-29T09:00:00+00:00"],
    ["opening inside the NY spring-forward gap → 03:00 EDT", NEW_YORK_GAP, "2026-03-08T01:00:00-05:00", "2026-03-08T03:00:00-04:00"],
    ["ambiguous NY opening → the first 01:30 (EDT)", NEW_YORK_OVERLAP, "2026-11-01T00:00:00-04:00", "2026-11-01T01:30:00-04:00"],
    ["Sydney Saturday → Monday 09:00 AEDT", SYDNEY, "2026-03-07T12:00:00+11:00", "2026-03-09T09:00:00+11:00"],
    ["24h days at local midnight → itself", LONDON_24H, "2026-03-02T00:00:00+00:00", "2026-03-02T00:00:00+00:00"],
  ])("%s", (_name, cal, at, expected) => {
    expect(nextOpening(cal, new Date(at)).toISOString()).toBe(iso(expected));
  });

  it("throws when no weekday is open", () => {
    expect(() => nextOpening(calendar("UTC", everyDay(null)), new Date("2026-03-02T10:00:00Z"))).toThrow(
      RangeError,
    );
  });

  it("throws a clear RangeError when holidays cover more than ten years", () => {
    const mondays: string[] = [];
    for (let day = new Date("2026-03-02T00:00:00Z"); day.getUTCFullYear() < 2038; ) {
      mondays.push(day.toISOString().slice(0, 10));
      day = new Date(day.getTime() + 7 * 86_400_000);
    }
    const mondaysOnly = calendar("UTC", { ...everyDay(null), mon: ["09:00", "17:00"] }, mondays);
    expect(() => nextOpening(mondaysOnly, new Date("2026-03-02T10:00:00Z"))).toThrow(/3700 days/);
  });
});

describe("businessMinutesBetween", () => {
  // biome-ignore format: one worked case per line reads as a table
  it.each<[string, BusinessCalendar, string, string, number]>([
    ["same window: Mon 10:00 → 12:30", LONDON, "2026-03-02T10:00:00+00:00", "2026-03-02T12:30:00+00:00", 150],
    ["across a night: Mon 16:00 → Tue 10:00", LONDON, "2026-03-02T16:00:00+00:00", "2026-03-03T10:00:00+00:00", 120],
    ["across a weekend and bank holiday: Fri 16:00 → Tue 10:00", LONDON, "2026-05-22T16:00:00+01:00", "2026-05-26T10:00:00+01:00", 120],
    ["a whole week: Mon 00:00 → next Mon 00:00", LONDON, "2026-03-02T00:00:00+00:00", "2026-03-09T00:00:00+00:00", 2400],
    ["both ends at the weekend: Sat 10:00 → Sun 15:00", LONDON, "2026-03-07T10:00:00+00:00", "2026-03-08T15:00:00+00:00", 0],
    ["to before from", LONDON, "2026-03-02T12:00:00+00:00", "2026-03-02T10:00:00+00:00", 0],
    ["to equal to from", LONDON, "2026-03-02T12:00:00+00:00", "2026-03-02T12:00:00+00:00", 0],
    ["half a minute: Mon 10:00:00 → 10:00:30", LONDON, "2026-03-02T10:00:00+00:00", "2026-03-02T10:00:30+00:00", 0.5],
    ["quarter minutes either side of a night", LONDON, "2026-03-02T16:59:45+00:00", "2026-03-03T09:00:15+00:00", 0.5],
    ["24h days across London spring forward: Sat 12:00 GMT → Sun 12:00 BST", LONDON_24H, "2026-03-28T12:00:00+00:00", "2026-03-29T12:00:00+01:00", 1380],
    ["24h days across London fall back: Sat 12:00 BST → Sun 12:00 GMT", LONDON_24H, "2026-10-24T12:00:00+01:00", "2026-10-25T12:00:00+00:00", 1500],
    ["00:00–08:00 on London spring-forward day", LONDON_NIGHT, "2026-03-29T00:00:00+00:00", "2026-03-29T08:00:00+01:00", 420],
    ["00:00–08:00 on Sydney DST-end day", SYDNEY_NIGHT, "2026-04-05T00:00:00+11:00", "2026-04-05T08:00:00+10:00", 540],
    ["New York over the DST weekend: Fri 16:00 EST → Mon 10:00 EDT", NEW_YORK, "2026-03-06T16:00:00-05:00", "2026-03-09T10:00:00-04:00", 120],
    ["the NY gap day window 02:30–08:00 is 03:00–08:00 EDT", NEW_YORK_GAP, "2026-03-08T00:00:00-05:00", "2026-03-08T12:00:00-04:00", 300],
    ["Kolkata Fri 17:00 → Mon 10:30 with Saturday half-day", KOLKATA, "2026-03-06T17:00:00+05:30", "2026-03-09T10:30:00+05:30", 360],
  ])("%s", (_name, cal, from, to, expected) => {
    expect(businessMinutesBetween(cal, new Date(from), new Date(to))).toBeCloseTo(expected, 9);
  });
});

describe("closeOfBusinessDayAfter", () => {
  // biome-ignore format: one worked case per line reads as a table
  it.each<[string, BusinessCalendar, string, number, string]>([
    ["received Mon 10:00, n=3 → Thu 17:00", LONDON, "2026-03-02T10:00:00+00:00", 3, "2026-03-05T17:00:00+00:00"],
    ["received on a Saturday, n=3 → Wed 17:00", LONDON, "2026-03-07T11:00:00+00:00", 3, "2026-03-11T17:00:00+00:00"],
    ["received the day before Christmas, n=3 → Thu 31 Dec 17:00", LONDON, "2026-12-24T10:00:00+00:00", 3, "2026-12-31T17:00:00+00:00"],
    ["received late on Monday evening, n=3 → Thu 17:00", LONDON, "2026-03-02T23:30:00+00:00", 3, "2026-03-05T17:00:00+00:00"],
    ["received Mon 00:30 BST (Sunday in UTC), n=1 → Tue 17:00 BST", LONDON, "2026-06-01T00:30:00+01:00", 1, "2026-06-02T17:00:00+01:00"],
    ["Sydney: Sun 23:30 UTC is Mon 10:30 AEDT, n=3 → Thu 17:00 AEDT", SYDNEY, "2026-03-01T23:30:00Z", 3, "2026-03-05T17:00:00+11:00"],
    ["Sydney before Easter, n=2 → Wed 8 Apr 17:00 AEST", SYDNEY, "2026-04-02T10:00:00+11:00", 2, "2026-04-08T17:00:00+10:00"],
    ["New York over the DST weekend, n=1 → Mon 17:00 EDT", NEW_YORK, "2026-03-06T12:00:00-05:00", 1, "2026-03-09T17:00:00-04:00"],
    ["Kolkata: Saturday is a business day, n=1 → Sat 14:00", KOLKATA, "2026-03-06T11:00:00+05:30", 1, "2026-03-07T14:00:00+05:30"],
    ["24:00 closing is the next midnight: Mon, n=1 → Wed 00:00", LONDON_24H, "2026-03-02T10:00:00+00:00", 1, "2026-03-04T00:00:00+00:00"],
  ])("%s", (_name, cal, at, n, expected) => {
    expect(closeOfBusinessDayAfter(cal, new Date(at), n).toISOString()).toBe(iso(expected));
  });

  it.each([0, -1, 1.5])("throws a RangeError for n = %s", (n) => {
    expect(() => closeOfBusinessDayAfter(LONDON, new Date("2026-03-02T10:00:00Z"), n)).toThrow(RangeError);
  });
});

describe("standardDayMinutes", () => {
  it.each<[string, BusinessCalendar, number]>([
    ["Mon–Fri 09:00–17:00", LONDON, 480],
    ["Kolkata weekdays 09:30–18:00 outnumber the Saturday half-day", KOLKATA, 510],
    ["mixed hours: 480 occurs twice, everything else once", UTC_MIXED, 480],
    [
      "a tie between 480 and 510 takes the longer",
      calendar("UTC", {
        ...everyDay(null),
        mon: ["09:00", "17:00"],
        tue: ["09:00", "17:00"],
        wed: ["09:00", "17:30"],
        thu: ["09:00", "17:30"],
      }),
      510,
    ],
    ["24h days", LONDON_24H, 1440],
  ])("%s", (_name, cal, expected) => {
    expect(standardDayMinutes(cal)).toBe(expected);
  });
});

describe("validateCalendar", () => {
  const withHours = (day: string, hours: unknown) =>
    ({ ...LONDON, workingHours: { ...DEFAULT_WORKING_HOURS, [day]: hours } }) as unknown as BusinessCalendar;

  it.each<[string, BusinessCalendar]>([
    ["the London calendar", LONDON],
    ["24h days ending at 24:00", LONDON_24H],
    ["a 29 February holiday in a leap year", calendar("UTC", DEFAULT_WORKING_HOURS, ["2028-02-29"])],
  ])("accepts %s", (_name, cal) => {
    expect(validateCalendar(cal)).toEqual([]);
  });

  // biome-ignore format: one worked case per line reads as a table
  it.each<[string, BusinessCalendar, string, string]>([
    ["an unknown time zone", { ...LONDON, timezone: "Europe/Londn" }, "timezone", '"Europe/Londn" is not a known IANA'],
    ["an empty time zone", { ...LONDON, timezone: "" }, "timezone", 'use e.g. "Europe/London"'],
    ["a start without a leading zero", withHours("mon", ["9:00", "17:00"]), "workingHours.mon", 'start "9:00"'],
    ["an end of 25:00", withHours("tue", ["09:00", "25:00"]), "workingHours.tue", 'end "25:00" is not a time'],
    ["a start of 24:00", withHours("wed", ["24:00", "24:00"]), "workingHours.wed", 'start "24:00"'],
    ["an end before the start", withHours("mon", ["09:00", "08:00"]), "workingHours.mon", "end 08:00 is before start 09:00; give an end after the start"],
    ["an end equal to the start", withHours("fri", ["09:00", "09:00"]), "workingHours.fri", "is the same as start"],
    ["hours that are not a pair", withHours("thu", ["09:00"]), "workingHours.thu", "or null for a closed day"],
    ["a missing day", withHours("sun", undefined), "workingHours.sun", "or null for a closed day"],
    ["an unknown day", withHours("funday", null), "workingHours.funday", "is not a day"],
    ["every day closed", calendar("UTC", everyDay(null)), "workingHours", "every day is closed"],
    ["a holiday on 30 February", calendar("UTC", DEFAULT_WORKING_HOURS, ["2026-01-01", "2026-02-30"]), "holidays[1]", "2026-02-30 does not exist"],
    ["a holiday on 29 February in a common year", calendar("UTC", DEFAULT_WORKING_HOURS, ["2027-02-29"]), "holidays[0]", "does not exist"],
    ["a holiday not written YYYY-MM-DD", calendar("UTC", DEFAULT_WORKING_HOURS, ["25/12/2026"]), "holidays[0]", 'write it as "YYYY-MM-DD"'],
    ["a duplicated holiday", calendar("UTC", DEFAULT_WORKING_HOURS, ["2026-12-25", "2026-12-28", "2026-12-25"]), "holidays[2]", "listed twice (also at holidays[0])"],
  ])("rejects %s", (_name, cal, path, messagePart) => {
    const problems = validateCalendar(cal);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.path).toBe(path);
    expect(problems[0]?.message).toContain(messagePart);
  });

  it("reports every problem at once", () => {
    const cal = {
      ...withHours("mon", ["10:00", "09:00"]),
      timezone: "Mars/Olympus",
      holidays: ["2026-13-01"],
    };
    expect(validateCalendar(cal).map((p) => p.path)).toEqual(["timezone", "workingHours.mon", "holidays[0]"]);
  });
});

describe("property: adding then measuring gives back the minutes", () => {
  /** mulberry32: tiny seeded PRNG so the 500 cases are the same on every run. */
  const seededRandom = (seed: number) => () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const calendars = [LONDON, NEW_YORK, KOLKATA, SYDNEY, LONDON_NIGHT, NEW_YORK_GAP, SYDNEY_24H, UTC_MIXED];

  it("holds for 500 seeded start instants and minute counts", () => {
    const random = seededRandom(20260329);
    const yearStart = Date.parse("2026-01-01T00:00:00Z");
    for (let i = 0; i < 500; i++) {
      const cal = calendars[i % calendars.length]!;
      const start = new Date(yearStart + Math.floor(random() * 365 * 86_400_000));
      const minutes = Math.floor(random() * 5000);
      const end = addBusinessMinutes(cal, start, minutes);
      const measured = businessMinutesBetween(cal, nextOpening(cal, start), end);
      expect(
        Math.abs(measured - minutes),
        `${cal.timezone} ${start.toISOString()} + ${minutes}`,
      ).toBeLessThan(1e-6);
    }
  });
});

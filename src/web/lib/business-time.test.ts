import { describe, expect, it } from "vitest";
import { type BusinessCalendar, DEFAULT_WORKING_HOURS } from "../../shared/business-calendar";
import { businessTimeUntil, describeBusinessSpan, describeTimeLeft } from "./business-time";

const london: BusinessCalendar = {
  timezone: "Europe/London",
  workingHours: DEFAULT_WORKING_HOURS,
  holidays: ["2026-04-03"],
};

const shown = (due: string, now: string, calendar = london) =>
  describeTimeLeft(businessTimeUntil(calendar, due, new Date(now))!);

describe("time left to a deadline, in business time (Mon–Fri 09:00–17:00 London)", () => {
  it.each([
    ["the rest of the day", "2026-03-02T17:00:00Z", "2026-03-02T11:00:00Z", "6 business hours left"],
    ["hours and minutes", "2026-03-02T17:00:00Z", "2026-03-02T13:40:00Z", "3 business hours 20 min left"],
    ["under an hour", "2026-03-02T17:00:00Z", "2026-03-02T16:15:00Z", "45 business minutes left"],
    ["one minute", "2026-03-02T17:00:00Z", "2026-03-02T16:59:00Z", "1 business minute left"],
    ["over a weekend", "2026-03-09T17:00:00Z", "2026-03-06T16:00:00Z", "1 business day 1 h left"],
    ["whole days", "2026-03-11T17:00:00Z", "2026-03-09T17:00:00Z", "2 business days left"],
    ["the evening counts nothing", "2026-03-03T10:00:00Z", "2026-03-02T19:30:00Z", "1 business hour left"],
    [
      "past a holiday (Good Friday)",
      "2026-04-06T10:00:00+01:00",
      "2026-04-02T16:00:00+01:00",
      "2 business hours left",
    ],
    [
      "across the spring clock change",
      "2026-03-30T10:00:00+01:00",
      "2026-03-27T16:00:00Z",
      "2 business hours left",
    ],
    ["seconds before it is due", "2026-03-02T17:00:00Z", "2026-03-02T16:59:30Z", "due now"],
  ])("%s: due %s, now %s → %s", (_name, due, now, text) => {
    expect(shown(due, now)).toBe(text);
  });

  it.each([
    ["a business day late", "2026-03-06T17:00:00Z", "2026-03-09T17:00:00Z", "overdue by 1 business day"],
    ["hours late", "2026-03-09T10:00:00Z", "2026-03-09T16:30:00Z", "overdue by 6 business hours 30 min"],
    ["late only over the weekend", "2026-03-06T17:00:00Z", "2026-03-07T12:00:00Z", "overdue"],
    ["exactly at the deadline", "2026-03-02T17:00:00Z", "2026-03-02T17:00:00Z", "overdue"],
  ])("%s: due %s, now %s → %s", (_name, due, now, text) => {
    expect(shown(due, now)).toBe(text);
  });

  it("counts a day as the calendar's standard day (10 hours when open 08:00–18:00)", () => {
    const long: BusinessCalendar = {
      ...london,
      workingHours: {
        ...DEFAULT_WORKING_HOURS,
        mon: ["08:00", "18:00"],
        tue: ["08:00", "18:00"],
        wed: ["08:00", "18:00"],
        thu: ["08:00", "18:00"],
        fri: ["08:00", "18:00"],
      },
    };
    expect(shown("2026-03-03T18:00:00Z", "2026-03-02T18:00:00Z", long)).toBe("1 business day left");
    expect(shown("2026-03-03T17:00:00Z", "2026-03-02T18:00:00Z", long)).toBe("9 business hours left");
  });

  it("gives no figure for a calendar the server would refuse", () => {
    const closed = {
      ...london,
      workingHours: { ...DEFAULT_WORKING_HOURS, mon: null, tue: null, wed: null, thu: null, fri: null },
    };
    expect(
      businessTimeUntil(closed, "2026-03-02T17:00:00Z", new Date("2026-03-02T11:00:00Z")),
    ).toBeUndefined();
  });

  it.each([
    [0, "0 business minutes"],
    [480, "1 business day"],
    [960 + 120, "2 business days 2 h"],
    [61, "1 business hour 1 min"],
  ])("describes %i minutes as %s", (minutes, text) => {
    expect(describeBusinessSpan(minutes, 480)).toBe(text);
  });
});

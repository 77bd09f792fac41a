import { describe, expect, it } from "vitest";
import {
  formatDateTime,
  formatDay,
  formatMonth,
  fromZonedInput,
  previousMonthIn,
  todayIn,
  toZonedInput,
} from "./time.js";

describe("times in the organisation's zone", () => {
  it.each([
    ["winter in London is UTC", "2026-03-02T10:00:00Z", "Europe/London", "2026-03-02T10:00"],
    ["summer in London is UTC+1", "2026-07-01T10:00:00Z", "Europe/London", "2026-07-01T11:00"],
    ["New York in winter is UTC-5", "2026-01-15T03:30:00Z", "America/New_York", "2026-01-14T22:30"],
  ])("%s: shows %s as %s", (_name, iso, zone, input) => {
    expect(toZonedInput(new Date(iso), zone)).toBe(input);
    expect(fromZonedInput(input, zone)).toBe(new Date(iso).toISOString());
  });

  it.each([
    [
      "just after the spring change in London",
      "2026-03-29T02:30",
      "Europe/London",
      "2026-03-29T01:30:00.000Z",
    ],
    [
      "just after the autumn change in London",
      "2026-10-25T02:30",
      "Europe/London",
      "2026-10-25T02:30:00.000Z",
    ],
    ["Tokyo has no changes", "2026-06-01T09:00", "Asia/Tokyo", "2026-06-01T00:00:00.000Z"],
  ])("%s: %s means %s", (_name, input, zone, iso) => {
    expect(fromZonedInput(input, zone)).toBe(iso);
  });

  it("refuses a malformed input value", () => {
    expect(fromZonedInput("2026-03-02 10:00", "UTC")).toBeUndefined();
    expect(fromZonedInput("", "UTC")).toBeUndefined();
  });

  it("formats a date and time in the zone, not the browser's", () => {
    expect(formatDateTime("2026-07-01T10:00:00Z", "Europe/London")).toBe("Wed 1 Jul 2026, 11:00");
    expect(formatDateTime("2026-07-01T10:00:00Z", "Asia/Tokyo")).toBe("Wed 1 Jul 2026, 19:00");
  });
});

describe("days and months", () => {
  it.each([
    ["2026-05-01", "1 May 2026"],
    ["2026-12-31", "31 Dec 2026"],
    ["not a date", "not a date"],
  ])("shows the day %s as %s", (day, text) => {
    expect(formatDay(day)).toBe(text);
  });

  it("shows a month in words", () => {
    expect(formatMonth("2026-05")).toBe("May 2026");
  });

  it.each([
    [
      "late on 31 Dec in New York is still 2026",
      "2027-01-01T03:00:00Z",
      "America/New_York",
      "2026-12-31",
      "2026-11",
    ],
    ["1 Jan in Tokyo already", "2026-12-31T16:00:00Z", "Asia/Tokyo", "2027-01-01", "2026-12"],
    ["mid-month London", "2026-05-15T12:00:00Z", "Europe/London", "2026-05-15", "2026-04"],
  ])("%s: today %s, last month %s", (_name, now, zone, today, previous) => {
    expect(todayIn(new Date(now), zone)).toBe(today);
    expect(previousMonthIn(new Date(now), zone)).toBe(previous);
  });
});

import { describe, expect, it } from "vitest";
import {
  describeSpan,
  durationUntil,
  formatDateTime,
  fromZonedInput,
  toZonedInput,
  weekStarts,
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

describe("time left until a deadline", () => {
  const now = new Date("2026-03-02T10:00:00Z");
  it.each([
    ["2026-03-04T13:30:00Z", 3090, false, "2 d 3 h"],
    ["2026-03-02T13:20:00Z", 200, false, "3 h 20 min"],
    ["2026-03-02T12:00:00Z", 120, false, "2 h"],
    ["2026-03-02T10:12:30Z", 12, false, "12 min"],
    ["2026-03-02T10:00:20Z", 0, false, "under a minute"],
    ["2026-03-02T07:00:00Z", -180, true, "3 h"],
    ["2026-02-27T10:00:00Z", -4320, true, "3 d"],
  ])("due %s: %i minutes, overdue %s, shown as %s", (due, minutes, overdue, text) => {
    const d = durationUntil(due, now);
    expect(d).toEqual({ minutes, overdue });
    expect(describeSpan(d.minutes)).toBe(text);
  });
});

describe("weeks for the received-per-week chart", () => {
  it("starts each week on Monday 00:00 in the zone, across a clock change", () => {
    // Wednesday 1 April 2026, London on summer time since 29 March.
    expect(weekStarts(new Date("2026-04-01T12:00:00Z"), "Europe/London", 3)).toEqual([
      "2026-03-16T00:00:00.000Z",
      "2026-03-23T00:00:00.000Z",
      "2026-03-29T23:00:00.000Z",
    ]);
  });

  it("counts a Sunday evening as the end of its week", () => {
    expect(weekStarts(new Date("2026-03-08T22:00:00Z"), "Europe/London", 1)).toEqual([
      "2026-03-02T00:00:00.000Z",
    ]);
  });
});

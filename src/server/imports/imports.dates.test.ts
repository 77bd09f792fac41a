import { describe, expect, it } from "vitest";
import { detectDateOrder, isAmbiguous, parseLegacyDate } from "./imports.dates.js";

const iso = (text: string, order: "dmy" | "mdy" = "dmy", zone = "Europe/London") => {
  const parsed = parseLegacyDate(text, order, zone);
  return "at" in parsed ? parsed.at.toISOString() : parsed.error;
};

describe("dates in legacy complaint logs (R2)", () => {
  it.each([
    ["ISO date, summer time in London", "2024-06-01", "dmy", "2024-05-31T23:00:00.000Z"],
    ["ISO with time", "2024-06-01 14:30", "dmy", "2024-06-01T13:30:00.000Z"],
    ["ISO with T, seconds and Z", "2024-06-01T14:30:05Z", "dmy", "2024-06-01T14:30:05.000Z"],
    ["ISO with offset", "2024-01-15T09:00:00+02:00", "dmy", "2024-01-15T07:00:00.000Z"],
    ["slashes, day first", "01/06/2024", "dmy", "2024-05-31T23:00:00.000Z"],
    ["slashes, month first", "06/01/2024", "mdy", "2024-05-31T23:00:00.000Z"],
    ["dots, short year", "1.2.24", "dmy", "2024-02-01T00:00:00.000Z"],
    ["dashes with a 12-hour time", "15-01-2024 2:05 pm", "dmy", "2024-01-15T14:05:00.000Z"],
    ["day and month name", "1 June 2024", "mdy", "2024-05-31T23:00:00.000Z"],
    ["ordinal day, short month", "3rd Feb 2024", "dmy", "2024-02-03T00:00:00.000Z"],
    ["month name first with comma", "June 1, 2024", "dmy", "2024-05-31T23:00:00.000Z"],
    ["Excel-style dashes", "01-Jun-24", "dmy", "2024-05-31T23:00:00.000Z"],
    ["spreadsheet serial with a time", "45444.5", "dmy", "2024-06-01T11:00:00.000Z"],
    ["padded with spaces", "  2024-06-01  ", "dmy", "2024-05-31T23:00:00.000Z"],
  ])("%s: %s", (_name, text, order, expected) => {
    expect(iso(text, order as "dmy" | "mdy")).toBe(expected);
  });

  it.each([
    ["a day that does not exist", "31/02/2024", "is not a real date"],
    ["month 13", "2024-13-01", "is not a real date"],
    ["words", "last Tuesday", "is not a date we can read"],
    ["an unknown month name", "1 Smarch 2024", "is not a date we can read"],
    ["a small number", "42", "is not a date we can read"],
  ])("refuses %s (%s)", (_name, text, error) => {
    expect(iso(text)).toContain(error);
  });

  it.each([
    [["13/01/2024", "01/02/2024"], "dmy"],
    [["01/13/2024", "01/02/2024"], "mdy"],
    [["13/01/2024", "01/13/2024"], "mixed"],
    [["01/02/2024", "2024-06-01"], "unknown"],
  ])("tells the file's order from %j: %s", (texts, order) => {
    expect(detectDateOrder(texts)).toBe(order);
  });

  it("knows which dates could be read both ways", () => {
    expect(isAmbiguous("01/02/2024")).toBe(true);
    expect(isAmbiguous("02/02/2024")).toBe(false);
    expect(isAmbiguous("13/02/2024")).toBe(false);
    expect(isAmbiguous("2024-02-01")).toBe(false);
  });
});

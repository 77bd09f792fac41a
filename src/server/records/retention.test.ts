import { describe, expect, it } from "vitest";
import type { RetentionRule } from "../sla/sla.policy.js";
import { describeRule, isPastRetention, retainUntil, retentionPresets } from "./retention.js";

const six: RetentionRule = { years: 6, from: "closed", legalDuty: true };
const fca: RetentionRule = { years: 3, from: "received", legalDuty: true };
const quarter: RetentionRule = { years: 0.25, from: "closed", legalDuty: false };
const received = new Date("2026-02-28T09:00:00Z");
const closed = new Date("2026-03-31T16:30:00Z");

describe("retention (R10)", () => {
  it.each([
    ["6 years from closure ends on the anniversary", six, closed, "2032-03-31T16:30:00.000Z"],
    ["FCA: 3 years from receipt, even while open", fca, null, "2029-02-28T09:00:00.000Z"],
    [
      "a quarter from closure: three months, clamped to the month's end",
      quarter,
      closed,
      "2026-06-30T16:30:00.000Z",
    ],
    ["from closure while open: not yet known", six, null, null],
  ])("%s", (_name, rule, closedAt, until) => {
    const c = { type: "complaint" as const, receivedAt: received, closedAt };
    expect(retainUntil(rule, c)?.toISOString() ?? null).toBe(until);
  });

  it.each([
    ["the day before the end", "2032-03-30T16:30:00Z", false],
    ["the moment it ends", "2032-03-31T16:30:00Z", true],
    ["years later", "2040-01-01T00:00:00Z", true],
  ])("a closed case is past retention: %s → %s", (_name, now, past) => {
    expect(
      isPastRetention(six, { type: "complaint", receivedAt: received, closedAt: closed }, new Date(now)),
    ).toBe(past);
  });

  it("never puts an open case up for disposal, whatever its rule counts from", () => {
    expect(
      isPastRetention(
        fca,
        { type: "complaint", receivedAt: received, closedAt: null },
        new Date("2040-01-01"),
      ),
    ).toBe(false);
  });

  it("says the rule in words", () => {
    expect(describeRule("complaint", six)).toBe("complaint: 6 years from closure (legal duty)");
    expect(describeRule("incident", { years: 1, from: "received", legalDuty: false })).toBe(
      "incident: 1 year from receipt",
    );
  });

  it("offers the standard, FCA and device-maker presets; the device one is at least 2 years", () => {
    expect(retentionPresets().map((p) => p.name)).toEqual(["standard", "fca", "device"]);
    expect(retentionPresets(1).find((p) => p.name === "device")?.complaint.years).toBe(2);
    expect(retentionPresets(10).find((p) => p.name === "device")?.complaint.years).toBe(10);
    expect(retentionPresets().find((p) => p.name === "fca")?.complaint).toEqual(fca);
  });
});

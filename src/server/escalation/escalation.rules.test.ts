import { describe, expect, it } from "vitest";
import { DEFAULT_POLICY } from "../sla/sla.policy.js";
import { decideLevel } from "./escalation.rules.js";

const DAY = 480;

describe("escalation matrix (SOP 004 §5)", () => {
  it.each([
    ["fresh routine case", 1, null, false, 0, { level: 1, cause: null }],
    ["just under 2 business days", 1, "high", false, 2 * DAY - 1, { level: 1, cause: null }],
    ["exactly 2 business days → L2", 1, null, false, 2 * DAY, { level: 2, cause: "elapsed" }],
    ["3.5 business days → L2", 1, "low", false, 3.5 * DAY, { level: 2, cause: "elapsed" }],
    ["exactly 4 business days → L3", 1, null, false, 4 * DAY, { level: 3, cause: "elapsed" }],
    ["already L2, 4 days → L3", 2, null, false, 4 * DAY, { level: 3, cause: "elapsed" }],
    ["critical → L3 at once", 1, "critical", false, 0, { level: 3, cause: "critical" }],
    ["recurring → L3 at once", 1, "medium", true, 0, { level: 3, cause: "recurring" }],
    ["never drops: L3 stays with no cause", 3, "low", false, 0, { level: 3, cause: null }],
    ["never drops: manual L2 stays at 1 day", 2, null, false, DAY, { level: 2, cause: null }],
  ] as const)("%s", (_name, current, severity, recurring, elapsed, expected) => {
    expect(
      decideLevel({
        policy: DEFAULT_POLICY,
        standardDayMinutes: DAY,
        current,
        severity,
        recurring,
        elapsedBusinessMinutes: elapsed,
      }),
    ).toEqual(expected);
  });

  it("follows the policy's thresholds", () => {
    const policy = { ...DEFAULT_POLICY, escalation: { level2BusinessDays: 1, level3BusinessDays: 3 } };
    const at = (days: number) =>
      decideLevel({
        policy,
        standardDayMinutes: DAY,
        current: 1,
        severity: null,
        recurring: false,
        elapsedBusinessMinutes: days * DAY,
      }).level;
    expect([at(0.5), at(1), at(2.9), at(3)]).toEqual([1, 2, 2, 3]);
  });
});

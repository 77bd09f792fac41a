import { describe, expect, it } from "vitest";
import { normaliseEmail, normalisePhone } from "./customers.match.js";

describe("customer contact normalisation (R1 matching)", () => {
  it.each([
    ["+44 20 7946 0000", undefined, "+442079460000"],
    ["0044 20 7946 0000", undefined, "+442079460000"],
    ["+44 (20) 7946-0000", undefined, "+442079460000"],
    ["020 7946 0000", "GB", "+442079460000"],
    ["020 7946 0000", undefined, "02079460000"],
    ["(212) 555-0100", "US", "+12125550100"],
    ["+91 98765 43210", undefined, "+919876543210"],
    ["", undefined, null],
    [null, undefined, null],
  ])("%s (region %s) → %s", (input, region, expected) => {
    expect(normalisePhone(input, region)).toBe(expected);
  });

  it.each(["call me", "12345", "+44 20 7946 0000 ext. 2", "1".repeat(20)])(
    "rejects %s as not a phone number",
    (input) => {
      expect(normalisePhone(input)).toBeUndefined();
    },
  );

  it("lower-cases and trims emails", () => {
    expect(normaliseEmail("  Jane.Doe@Example.COM ")).toBe("jane.doe@example.com");
    expect(normaliseEmail("")).toBeNull();
  });
});

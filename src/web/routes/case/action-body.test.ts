import { describe, expect, it } from "vitest";
import { actionBody, emptyActionValues, fieldOfError, toMinorUnits } from "./action-body.js";

const values = (patch: Partial<ReturnType<typeof emptyActionValues>>) => ({
  ...emptyActionValues(),
  ...patch,
});

describe("the body of each lifecycle step", () => {
  it.each([
    ["acknowledge with no note", "acknowledge", {}, {}],
    ["acknowledge with a note", "acknowledge", { note: " called back " }, { note: "called back" }],
    ["assign", "assign", { ownerId: "u-1" }, { ownerId: "u-1" }],
    ["start-investigation", "start-investigation", { note: "ignored" }, {}],
    ["await-customer", "await-customer", { reason: " need photos " }, { reason: "need photos" }],
    ["escalate with an empty reason (the server names it)", "escalate", {}, { reason: "" }],
    ["archive without a reason", "archive", {}, {}],
    ["archive with a reason", "archive", { reason: "retention" }, { reason: "retention" }],
    ["customer confirmed by phone", "customer-confirmation", {}, { confirmed: true, channel: "phone" }],
    [
      "customer rejected by email with a note",
      "customer-confirmation",
      { answer: "rejected", channel: "email", note: "wants more" },
      { confirmed: false, channel: "email", note: "wants more" },
    ],
    [
      "confirmation not applicable",
      "customer-confirmation",
      { answer: "not_applicable", notApplicableReason: "anonymous" },
      { notApplicableReason: "anonymous" },
    ],
  ] as const)("%s", (_name, action, patch, body) => {
    expect(actionBody(action, values(patch))).toEqual(body);
  });

  it("resolves with a remedy in minor units and an upper-case currency", () => {
    expect(
      actionBody(
        "resolve",
        values({ outcome: "upheld", resolution: "Refunded", remedyAmount: "25.5", remedyCurrency: "eur" }),
      ),
    ).toEqual({ outcome: "upheld", resolution: "Refunded", remedy: { amountMinor: 2550, currency: "EUR" } });
  });

  it("resolves without a remedy when no amount is given", () => {
    expect(actionBody("resolve", values({ outcome: "not_upheld", resolution: "No fault" }))).toEqual({
      outcome: "not_upheld",
      resolution: "No fault",
    });
  });
});

describe("amounts", () => {
  it.each([
    ["", undefined],
    ["10", 1000],
    ["1,250.75", 125075],
    ["0.1", 10],
    ["ten", Number.NaN],
    ["1.234", Number.NaN],
  ])("%j is %d minor units", (amount, minor) => {
    expect(toMinorUnits(amount)).toBe(minor);
  });

  it("maps the API's field names onto the dialog's", () => {
    expect(fieldOfError("remedy.amountMinor")).toBe("remedyAmount");
    expect(fieldOfError("ownerId")).toBe("ownerId");
    expect(fieldOfError("somethingElse")).toBeUndefined();
  });
});

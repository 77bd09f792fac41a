import { describe, expect, it } from "vitest";
import { CASE_ACTIONS, STATUSES } from "../../shared/enums.js";
import { AppError } from "../errors.js";
import { actionsAllowedFrom, transition } from "./cases.lifecycle.js";

/** Every status × action, written out: the expected next status, or "-" where the step is refused. */
const TABLE: Record<string, Record<string, string>> = {
  new: { acknowledge: "acknowledged", escalate: "new" },
  acknowledged: { assign: "assigned", escalate: "acknowledged" },
  assigned: { assign: "assigned", "start-investigation": "investigating", escalate: "assigned" },
  investigating: {
    assign: "investigating",
    "await-customer": "awaiting_customer",
    escalate: "investigating",
    resolve: "resolved",
  },
  awaiting_customer: { assign: "awaiting_customer", resume: "investigating", escalate: "awaiting_customer" },
  resolved: {
    verify: "resolved",
    "customer-confirmation": "resolved",
    close: "closed",
    reopen: "investigating",
  },
  closed: { reopen: "investigating", archive: "archived" },
  archived: {},
};

describe("case lifecycle (R3)", () => {
  const cells = STATUSES.flatMap((status) => CASE_ACTIONS.map((action) => [status, action] as const));

  it.each(cells)("%s × %s", (status, action) => {
    const expected = TABLE[status]![action] ?? "-";
    if (expected === "-") {
      let error: unknown;
      try {
        transition("CMP-2026-000001", status, action);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).status).toBe(409);
      expect((error as AppError).extra).toEqual({
        currentStatus: status,
        allowedActions: Object.keys(TABLE[status]!),
      });
      expect((error as AppError).detail).toContain(`is ${status.replace("_", " ")}`);
    } else {
      expect(transition("CMP-2026-000001", status, action)).toBe(expected);
    }
  });

  it("sends a rejected resolution back to investigation", () => {
    expect(transition("CMP-2026-000001", "resolved", "customer-confirmation", true)).toBe("investigating");
  });

  it("lists the allowed steps in lifecycle order", () => {
    expect(actionsAllowedFrom("resolved")).toEqual(["verify", "customer-confirmation", "close", "reopen"]);
    expect(actionsAllowedFrom("archived")).toEqual([]);
  });
});

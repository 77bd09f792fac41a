import { CASE_ACTIONS, type CaseAction, type Status } from "../../shared/enums.js";
import { AppError } from "../errors.js";

/**
 * R3 / Part 11 §11.10(f): the permitted order of steps. new → acknowledged → assigned → investigating
 * ⇄ awaiting_customer → resolved → closed → archived; reopen from resolved or closed; escalate and reassign along the
 * way. Pure: the services ask it, the tests walk every status × action.
 */
const FROM: Record<CaseAction, readonly Status[]> = {
  acknowledge: ["new"],
  assign: ["acknowledged", "assigned", "investigating", "awaiting_customer"],
  "start-investigation": ["assigned"],
  "await-customer": ["investigating"],
  resume: ["awaiting_customer"],
  escalate: ["new", "acknowledged", "assigned", "investigating", "awaiting_customer"],
  resolve: ["investigating"],
  verify: ["resolved"],
  "customer-confirmation": ["resolved"],
  close: ["resolved"],
  reopen: ["resolved", "closed"],
  // R10: a closed case becomes a read-only record (by hand, or automatically after the policy's days).
  archive: ["closed"],
};

/** Where a step leads. `rejected` marks a customer-confirmation that refused the resolution. */
const TO: Record<CaseAction, (from: Status, rejected: boolean) => Status> = {
  acknowledge: () => "acknowledged",
  assign: (from) => (from === "acknowledged" ? "assigned" : from),
  "start-investigation": () => "investigating",
  "await-customer": () => "awaiting_customer",
  resume: () => "investigating",
  escalate: (from) => from,
  resolve: () => "resolved",
  verify: () => "resolved",
  // ISO 10002 7.9: a rejected resolution keeps the case open: back to investigation.
  "customer-confirmation": (_from, rejected) => (rejected ? "investigating" : "resolved"),
  close: () => "closed",
  reopen: () => "investigating",
  archive: () => "archived",
};

export function actionsAllowedFrom(status: Status): CaseAction[] {
  return CASE_ACTIONS.filter((action) => FROM[action].includes(status));
}

/** The status a step leads to, or a 409 naming the current status and the steps allowed now. */
export function transition(reference: string, status: Status, action: CaseAction, rejected = false): Status {
  if (!FROM[action].includes(status)) {
    const allowed = actionsAllowedFrom(status);
    throw new AppError(
      "invalid_transition",
      409,
      `case ${reference} is ${status.replace("_", " ")}; ${action} is not possible now. Allowed now: ${allowed.join(", ") || "none"}`,
      { currentStatus: status, allowedActions: allowed },
    );
  }
  return TO[action](status, rejected);
}

import type { CaseAction, Role } from "../../shared/enums.js";
import { ROLES } from "../../shared/enums.js";
import { type Actor, hasRole } from "../context.js";
import { AppError, notFound } from "../errors.js";
import type { CaseRow } from "./cases.queries.js";

/** Everyone on staff may log a case (SOP 001 §4: all staff receive complaints); auditors change nothing. */
const LOGGERS: readonly Role[] = ["agent", "manager", "senior", "quality", "records", "admin"];
/** R10: archived case files are for records, auditors and admins only. */
export const ARCHIVE_READERS: readonly Role[] = ["records", "auditor", "admin"];
/** The complaint log leaves the building only with those who review it (S0 §4.4). */
const EXPORTERS: readonly Role[] = ["manager", "senior", "quality", "records", "admin", "auditor"];

/** Those who work cases (SOP 004 §3): customer service, complaint handling managers, senior management. */
const WORKERS: readonly Role[] = ["agent", "manager", "senior"];
const MANAGERS: readonly Role[] = ["manager", "senior"];

export type CaseAccess = { roles: readonly Role[]; owner?: readonly Role[] };

export const casesAccess = {
  create: { roles: LOGGERS },
  read: { roles: ROLES },
  export: { roles: EXPORTERS },
  /** Assessment (severity, urgency, impact): whoever works the case. */
  assess: { roles: MANAGERS, owner: WORKERS },
  /** Investigation record and action plan: the owner and the managers. */
  investigate: { roles: MANAGERS, owner: WORKERS },
  /** Logging calls, letters and notes: whoever works cases (SOP 001 §4: all staff document). */
  correspond: { roles: WORKERS },
  /** A per-case resolve deadline (R4): managers only. */
  overrideDeadline: { roles: MANAGERS },
  recompute: { roles: ["admin"] },
} satisfies Record<string, CaseAccess>;

/**
 * R3 / Part 11 §11.10(g): who may take each step. Customer service acknowledges, records calls and
 * escalates; the owner investigates and proposes a resolution (L1); managers assign, verify, close and
 * reopen (SOP 004 §3, REQUIREMENTS "Users").
 */
export const ACTION_ACCESS: Record<CaseAction, CaseAccess> = {
  acknowledge: { roles: WORKERS },
  assign: { roles: MANAGERS },
  "start-investigation": { roles: MANAGERS, owner: WORKERS },
  "await-customer": { roles: MANAGERS, owner: WORKERS },
  resume: { roles: WORKERS },
  escalate: { roles: [...WORKERS, "quality"] },
  resolve: { roles: MANAGERS, owner: WORKERS },
  verify: { roles: MANAGERS },
  "customer-confirmation": { roles: WORKERS },
  close: { roles: MANAGERS },
  reopen: { roles: MANAGERS },
  // R10: archiving is records management's; the scheduler archives after the policy's days.
  archive: { roles: ["records", "admin"] },
};

export function canActOnCase(actor: Actor, access: CaseAccess, row: { ownerId: string | null }): boolean {
  if (actor.kind === "system" || hasRole(actor, ...access.roles)) return true;
  return Boolean(
    access.owner && row.ownerId && row.ownerId === actor.userId && hasRole(actor, ...access.owner),
  );
}

export function assertCanActOnCase(actor: Actor, access: CaseAccess, row: CaseRow, what: string): void {
  if (canActOnCase(actor, access, row)) return;
  const owner = access.owner ? `, or the case owner (${access.owner.join(", ")})` : "";
  throw new AppError(
    "forbidden",
    403,
    `${what} on ${row.reference} needs one of the roles ${access.roles.join(", ")}${owner}`,
  );
}

export function canSeeArchived(actor: Actor): boolean {
  return actor.kind === "system" || hasRole(actor, ...ARCHIVE_READERS);
}

/** Statuses hidden from this actor in lists and look-ups. */
export function hiddenStatuses(actor: Actor): CaseRow["status"][] {
  return canSeeArchived(actor) ? [] : ["archived"];
}

/** An archived case is as good as absent for those who may not see it (no hint that it exists). */
export function assertCanSeeCase(actor: Actor, row: CaseRow): void {
  if (row.status === "archived" && !canSeeArchived(actor)) {
    throw notFound(`case ${row.reference}`, "check the reference");
  }
}

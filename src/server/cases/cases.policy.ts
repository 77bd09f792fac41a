import type { Role } from "../../shared/enums.js";
import { ROLES } from "../../shared/enums.js";
import { type Actor, hasRole } from "../context.js";
import { notFound } from "../errors.js";
import type { Access } from "../http/access.js";
import type { CaseRow } from "./cases.queries.js";

/** Everyone on staff may log a case (SOP 001 §4: all staff receive complaints); auditors change nothing. */
const LOGGERS: readonly Role[] = ["agent", "manager", "senior", "quality", "records", "admin"];
/** R10: archived case files are for records, auditors and admins only. */
export const ARCHIVE_READERS: readonly Role[] = ["records", "auditor", "admin"];
/** The complaint log leaves the building only with those who review it (S0 §4.4). */
const EXPORTERS: readonly Role[] = ["manager", "senior", "quality", "records", "admin", "auditor"];

export const casesAccess = {
  create: { roles: LOGGERS },
  read: { roles: ROLES },
  export: { roles: EXPORTERS },
} satisfies Record<string, Access>;

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

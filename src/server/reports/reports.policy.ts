import type { Role } from "../../shared/enums.js";

/**
 * R12 / S0 §4.4: the monthly report is for those who review complaint handling — managers, senior
 * management, quality, auditors and admins — not for agents working individual cases.
 */
const REVIEWERS: readonly Role[] = ["manager", "senior", "quality", "auditor", "admin"];

export const reportsAccess = {
  monthly: { roles: REVIEWERS },
  archive: { roles: REVIEWERS },
} satisfies Record<string, { roles: readonly Role[] }>;

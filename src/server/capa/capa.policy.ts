import { ROLES } from "../../shared/enums.js";
import type { Access } from "../http/access.js";

/**
 * R6: quality runs the CAPA process with managers; admins may correct a record. Every staff member may
 * read CAPAs (an agent sees what was done about the complaints they took).
 */
export const capaAccess = {
  read: { roles: ROLES },
  write: { roles: ["quality", "manager", "senior", "admin"] },
  rootCauses: { roles: ["quality", "manager", "senior", "admin", "auditor"] },
} satisfies Record<string, Access>;

import { ROLES } from "../../shared/enums.js";
import type { Access } from "../http/access.js";

const QUALITY_READERS = ["quality", "manager", "senior", "admin", "auditor"] as const;

/** R12–R14: quality and management run the improvement loop; auditors read it; all staff read procedures. */
export const qualityAccess = {
  read: { roles: QUALITY_READERS },
  drawSample: { roles: ["quality", "manager", "admin"] },
  checkSample: { roles: ["quality", "manager"] },
  review: { roles: ["quality", "manager", "senior", "admin"] },
  readProcedures: { roles: ROLES },
  writeProcedures: { roles: ["quality", "admin"] },
  giveProcessFeedback: { signedIn: true },
  readProcessFeedback: { roles: ["quality", "manager", "senior", "admin"] },
} satisfies Record<string, Access>;

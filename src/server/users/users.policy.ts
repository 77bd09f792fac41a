import { ROLES } from "../../shared/enums.js";
import type { Access } from "../http/access.js";

/** Users and roles: admins manage them; every staff member may read the directory (to pick an owner). */
export const usersAccess = {
  create: { roles: ["admin"] },
  update: { roles: ["admin"] },
  list: { roles: ROLES },
  read: { roles: ROLES },
} satisfies Record<string, Access>;

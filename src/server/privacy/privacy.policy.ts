import type { Access } from "../http/access.js";

/**
 * R11: data subjects' requests are answered by the data-protection side — admins and records management;
 * auditors may read the register (Art 5(2): the controller shows that it complied), nothing more.
 */
export const privacyAccess = {
  answer: { roles: ["admin", "records"] },
  register: { roles: ["admin", "records", "auditor"] },
} satisfies Record<string, Access>;

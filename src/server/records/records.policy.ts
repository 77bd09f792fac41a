import type { Role } from "../../shared/enums.js";
import { ARCHIVE_READERS } from "../cases/cases.policy.js";
import type { Access } from "../http/access.js";

/** R10: records management decides holds and disposals; auditors and admins may read every register. */
const RECORDS: readonly Role[] = ["records"];
const REGISTER_READERS: readonly Role[] = ["records", "auditor", "admin"];

export const recordsAccess = {
  /** Legal holds are placed and released by records management (with the reason). */
  hold: { roles: RECORDS },
  /** Approving a disposal batch. */
  dispose: { roles: RECORDS },
  /** Archive, disposal and hold registers, the disposal queue, retention presets. */
  read: { roles: REGISTER_READERS },
  /** The archived case-file bundle: whoever may see archived cases. */
  bundle: { roles: ARCHIVE_READERS },
} satisfies Record<string, Access>;

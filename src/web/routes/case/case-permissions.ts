import type { CaseView, User } from "../../api/client";
import { hasRole } from "../../api/session";

/** Investigation and action plan: managers, or the owner who works cases (cases.policy.ts `investigate`). */
export const canInvestigate = (user: User, item: CaseView) =>
  hasRole(user, "manager", "senior") || (item.ownerId === user.id && hasRole(user, "agent"));

/** Calls, notes, emails and files: whoever works cases (cases.policy.ts `correspond`). */
export const canCorrespond = (user: User) => hasRole(user, "agent", "manager", "senior");

import { sealAuditHeads } from "../audit/audit.sealer.js";
import { deleteExpiredSessions } from "../auth/sessions.queries.js";
import type { Clock } from "../clock.js";
import type { Db } from "../db/client.js";
import { deleteExpiredIdempotencyKeys } from "../db/transact.js";
import type { Job } from "./scheduler.js";

/** Every scheduled job of the app, in one list, so an operator can see what runs and how often. */
export function appJobs(db: Db, clock: Clock): Job[] {
  return [
    { name: "audit-seal", everyMs: 5_000, run: () => sealAuditHeads(db, clock.now()) },
    { name: "expired-sessions", everyMs: 3_600_000, run: () => deleteExpiredSessions(db, clock.now()) },
    {
      name: "expired-idempotency-keys",
      everyMs: 3_600_000,
      run: () => deleteExpiredIdempotencyKeys(db, clock.now()),
    },
  ];
}

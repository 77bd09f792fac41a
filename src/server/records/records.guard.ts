import { sql } from "drizzle-orm";
import type { Db } from "../db/client.js";

export type RecordOperation = "disposal" | "erasure" | "legal-hold";

/**
 * Names this transaction's record operation for the archived-case guard (migration 0011): inside it, an
 * archived case file may lose personal data or take a legal-hold stamp, and nothing else. Transaction-local
 * (`set_config(…, true)`), so it ends with the commit or rollback and never leaks to a pooled connection.
 */
export async function beginRecordOperation(tx: Db, operation: RecordOperation): Promise<void> {
  await tx.execute(sql`SELECT set_config('redress.record_operation', ${operation}, true)`);
}

import { sql } from "drizzle-orm";
import { type Db, queryRows } from "../db/client.js";

const SEAL_LOCK = sql`hashtext('redress:audit-seal')`;
const GENESIS = "0".repeat(64);

/**
 * Links the heads of every stream changed since the last seal into the global chain `audit_seals`,
 * so a history edited, removed or truncated after sealing is detected by verification. One sealer at
 * a time across instances (advisory lock); heads being written right now are skipped and sealed next time.
 */
export async function sealAuditHeads(db: Db, now: Date, batch = 5000): Promise<{ sealed: number }> {
  return db.transaction(async (tx) => {
    const [lock] = await queryRows<{ ok: boolean }>(
      tx,
      sql`SELECT pg_try_advisory_xact_lock(${SEAL_LOCK}) AS ok`,
    );
    if (!lock?.ok) return { sealed: 0 };
    const heads = await queryRows<{ stream: string; seq: number; hash: string }>(
      tx,
      sql`SELECT stream, seq, hash FROM audit_heads WHERE seq > sealed_seq
          ORDER BY stream LIMIT ${batch} FOR UPDATE SKIP LOCKED`,
    );
    if (heads.length === 0) return { sealed: 0 };
    const entries = heads.map((h) => [h.stream, h.seq, h.hash]);
    await tx.execute(sql`
      WITH last AS (SELECT hash FROM audit_seals ORDER BY id DESC LIMIT 1),
           prev AS (SELECT coalesce((SELECT hash FROM last), ${GENESIS}) AS hash)
      INSERT INTO audit_seals (sealed_at, heads, prev_hash, hash)
      SELECT ${now}, ${JSON.stringify(entries)}::jsonb, prev.hash,
             redress_seal_hash(prev.hash, ${now}, ${JSON.stringify(entries)}::jsonb)
      FROM prev`);
    await tx.execute(sql`
      UPDATE audit_heads h SET sealed_seq = x.seq
      FROM jsonb_to_recordset(${JSON.stringify(heads)}::jsonb) AS x(stream text, seq int)
      WHERE h.stream = x.stream`);
    return { sealed: heads.length };
  });
}

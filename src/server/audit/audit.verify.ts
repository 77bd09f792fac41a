import { sql } from "drizzle-orm";
import { type Db, queryRows } from "../db/client.js";

export interface VerifyResult {
  ok: boolean;
  events: number;
  seals: number;
  /** Id of the first event (lowest id) found altered, out of order, or unlinked. */
  firstBrokenEvent?: number;
  problems: string[];
}

const GENESIS = "0".repeat(64);

/**
 * R2 / Part 11 §11.10(a): recompute every event's hash and link, every head and every seal in SQL
 * (the same functions that wrote them), and check the kept personal values against their digests.
 */
export async function verifyAuditTrail(db: Db): Promise<VerifyResult> {
  const problems: string[] = [];
  const [counts] = await queryRows<{ events: number; seals: number }>(
    db,
    sql`SELECT (SELECT count(*) FROM audit_events)::int AS events, (SELECT count(*) FROM audit_seals)::int AS seals`,
  );
  const [broken] = await queryRows<{ id: number; stream: string; seq: number; problem: string }>(
    db,
    sql`WITH ordered AS (
          SELECT id, stream, seq, hash, prev_hash,
                 redress_audit_hash(prev_hash, stream, seq, at, actor_kind, actor_id, source, action, case_id, changes) AS expected,
                 lag(hash) OVER w AS prev_actual, lag(seq) OVER w AS prev_seq
          FROM audit_events WINDOW w AS (PARTITION BY stream ORDER BY seq)
        )
        SELECT id, stream, seq,
               CASE WHEN expected <> hash THEN 'its content does not match its hash'
                    WHEN seq <> coalesce(prev_seq, 0) + 1 THEN 'events before it are missing'
                    ELSE 'it is not linked to the event before it' END AS problem
        FROM ordered
        WHERE expected <> hash OR seq <> coalesce(prev_seq, 0) + 1 OR prev_hash <> coalesce(prev_actual, ${GENESIS})
        ORDER BY id LIMIT 1`,
  );
  let firstBrokenEvent = broken ? Number(broken.id) : undefined;
  if (broken) problems.push(`event ${broken.id} (${broken.stream} #${broken.seq}): ${broken.problem}`);

  const heads = await queryRows<{ stream: string; head_seq: number; last_seq: number | null }>(
    db,
    sql`SELECT h.stream, h.seq AS head_seq, last.seq AS last_seq
        FROM audit_heads h
        LEFT JOIN LATERAL (SELECT seq, hash FROM audit_events e WHERE e.stream = h.stream ORDER BY seq DESC LIMIT 1) last ON true
        WHERE h.seq > 0 AND (last.seq IS DISTINCT FROM h.seq OR last.hash IS DISTINCT FROM h.hash)
        LIMIT 5`,
  );
  for (const head of heads) {
    problems.push(
      `${head.stream}: the chain head is at #${head.head_seq} but the last event kept is #${head.last_seq ?? "none"} (events removed or altered)`,
    );
  }

  const seals = await queryRows<{ id: number; problem: string; event_id: number | null }>(
    db,
    sql`WITH s AS (
          SELECT id, hash, prev_hash, heads, redress_seal_hash(prev_hash, sealed_at, heads) AS expected,
                 lag(hash) OVER (ORDER BY id) AS prev_actual
          FROM audit_seals
        )
        SELECT id, 'the seal was altered or is not linked to the one before it' AS problem, NULL::bigint AS event_id
        FROM s WHERE expected <> hash OR prev_hash <> coalesce(prev_actual, ${GENESIS})
        UNION ALL
        SELECT s.id, 'it vouches for ' || (el->>0) || ' #' || (el->>1) || ', which is missing or altered', e.id
        FROM audit_seals s CROSS JOIN LATERAL jsonb_array_elements(s.heads) el
        LEFT JOIN audit_events e ON e.stream = el->>0 AND e.seq = (el->>1)::int
        WHERE e.hash IS DISTINCT FROM el->>2
        ORDER BY id LIMIT 5`,
  );
  for (const seal of seals) {
    problems.push(`seal ${seal.id}: ${seal.problem}`);
    if (seal.event_id != null)
      firstBrokenEvent = Math.min(firstBrokenEvent ?? Infinity, Number(seal.event_id));
  }

  const personal = await queryRows<{ event_id: number }>(
    db,
    sql`SELECT p.event_id FROM audit_personal p JOIN audit_events e ON e.id = p.event_id
        CROSS JOIN LATERAL jsonb_each(p.values) kv
        WHERE p.values IS NOT NULL
          AND encode(sha256(convert_to((kv.value->>'s') || ':' || (kv.value->>'v'), 'UTF8')), 'hex') IS DISTINCT FROM
              CASE WHEN kv.key = 'reason' THEN e.changes->'reason'->>'$pd'
                   ELSE e.changes->split_part(kv.key, '.', 1)->split_part(kv.key, '.', 2)->>'$pd' END
        ORDER BY p.event_id LIMIT 1`,
  );
  for (const row of personal) {
    problems.push(`event ${row.event_id}: a personal value no longer matches its digest`);
    firstBrokenEvent = Math.min(firstBrokenEvent ?? Infinity, Number(row.event_id));
  }

  const result: VerifyResult = {
    ok: problems.length === 0,
    events: counts!.events,
    seals: counts!.seals,
    problems,
  };
  if (firstBrokenEvent !== undefined) result.firstBrokenEvent = firstBrokenEvent;
  return result;
}

import { type SQL, sql } from "drizzle-orm";
import { sealPersonal } from "../audit/audit.personal.js";
import type { Change } from "../audit/audit.service.js";
import type { Actor } from "../context.js";

/**
 * The audit events of an intake, written inside the intake's own statements (as data-modifying CTEs)
 * rather than by `appendAudit`'s separate statement: the event of a new case has to be in the statement
 * that takes its reference, so that the reference counter is held for one statement only. The rules are
 * appendAudit's: personal values become salted digests in the event (audit.personal.ts), the values and
 * salts go to `audit_personal`, and the trigger `audit_events_chain` chains the event to its stream.
 */
export interface SealedChanges {
  /** The event's `changes`, with each personal string value replaced by its digest. */
  changes: Record<string, unknown>;
  /** `"field.side" → { s: salt, v: value }` for `audit_personal`, or null when nothing was personal. */
  stored: Record<string, { s: string; v: string }> | null;
}

/** R11: seals the personal fields of `changes` exactly as `appendAudit` does. */
export function sealChanges(changes: Record<string, Change>, personal: readonly string[]): SealedChanges {
  const isPersonal = new Set(personal);
  const stored: Record<string, { s: string; v: string }> = {};
  const sealed: Record<string, unknown> = {};
  for (const [field, change] of Object.entries(changes)) {
    const out: Record<string, unknown> = {};
    for (const side of ["old", "new"] as const) {
      if (!(side in change)) continue;
      const value = change[side];
      if (isPersonal.has(field) && typeof value === "string") {
        const { digest, stored: kept } = sealPersonal(value);
        out[side] = digest;
        stored[`${field}.${side}`] = kept;
      } else {
        out[side] = value ?? null;
      }
    }
    sealed[field] = out;
  }
  return { changes: sealed, stored: Object.keys(stored).length ? stored : null };
}

export interface AuditCte {
  /** Name of the CTE the event's row comes from (one event per row of it). */
  from: string;
  /** SQL over that CTE's columns: the stream, the case id (or NULL), the changes as jsonb. */
  stream: SQL;
  caseId: SQL;
  changes: SQL;
  action: string;
  actor: Actor;
  at: Date;
  /** The personal values of the event, with the data subject they are about. */
  stored: SealedChanges["stored"];
  customerId: string | null;
}

/**
 * `, <name>_event AS (INSERT INTO audit_events …), <name>_personal AS (INSERT INTO audit_personal …)`:
 * to follow the CTE named `from` in a WITH list.
 */
export function auditCtes(name: string, event: AuditCte): SQL {
  const eventName = sql.identifier(`${name}_event`);
  const insertEvent = sql`, ${eventName} AS (
    INSERT INTO audit_events (stream, seq, case_id, actor_kind, actor_id, source, action, at, changes, prev_hash, hash)
    SELECT ${event.stream}, 0, ${event.caseId}, ${event.actor.kind}, ${event.actor.userId}, ${event.actor.source},
           ${event.action}, ${event.at}, ${event.changes}, '', ''
    FROM ${sql.identifier(event.from)}
    RETURNING id
  )`;
  if (!event.stored) return insertEvent;
  return sql`${insertEvent}, ${sql.identifier(`${name}_personal`)} AS (
    INSERT INTO audit_personal (event_id, customer_id, values)
    SELECT id, ${event.customerId}::uuid, ${JSON.stringify(event.stored)}::jsonb FROM ${eventName}
  )`;
}

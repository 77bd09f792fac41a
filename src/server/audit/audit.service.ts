import { and, asc, eq, gt, sql } from "drizzle-orm";
import type { Actor } from "../context.js";
import { type Db, queryRows } from "../db/client.js";
import { auditEvents, auditPersonal } from "../db/schema/index.js";
import { ERASED, isPersonalDigest, sealPersonal } from "./audit.personal.js";

export interface Change {
  old?: unknown;
  new?: unknown;
}

export interface AuditInput {
  /** "case:<id>", "user:<id>", "customer:<id>", "settings:<kind>": one hash chain each. */
  stream: string;
  caseId?: string | null;
  action: string;
  changes: Record<string, Change>;
  /** Fields of `changes` whose values are personal data (kept as salted digests). */
  personal?: readonly string[];
  /** Why, where the step requires it (Part 11); free text, so kept as personal data. */
  reason?: string | null;
  /** The data subject the personal values are about, so erasure can find them. */
  customerId?: string | null;
}

/**
 * R2: writes one audit event in the caller's transaction. The database chains it to its stream
 * (trigger `audit_events_chain`) and rejects any later UPDATE or DELETE.
 */
export async function appendAudit(db: Db, actor: Actor, at: Date, input: AuditInput): Promise<number> {
  const { changes, stored } = sealEvent(input);
  const hasPersonal = Object.keys(stored).length > 0;
  const [row] = await queryRows<{ id: number }>(
    db,
    sql`WITH e AS (
          INSERT INTO audit_events (stream, seq, case_id, actor_kind, actor_id, source, action, at, changes, prev_hash, hash)
          VALUES (${input.stream}, 0, ${input.caseId ?? null}, ${actor.kind}, ${actor.userId}, ${actor.source},
                  ${input.action}, ${at}, ${JSON.stringify(changes)}::jsonb, '', '')
          RETURNING id
        ), p AS (
          INSERT INTO audit_personal (event_id, customer_id, values)
          SELECT id, ${input.customerId ?? null}, ${hasPersonal ? JSON.stringify(stored) : null}::jsonb FROM e
          WHERE ${hasPersonal}
        )
        SELECT id FROM e`,
  );
  return Number(row!.id);
}

/**
 * Many events in one statement, for batch work (the sweeps). Only for changes without personal values:
 * those need their salted digests (use `appendAudit`).
 */
export async function appendAuditEvents(
  db: Db,
  actor: Actor,
  at: Date,
  events: { stream: string; caseId: string | null; action: string; changes: Record<string, Change> }[],
): Promise<void> {
  if (events.length === 0) return;
  const rows = events.map((e) => ({
    stream: e.stream,
    case_id: e.caseId,
    action: e.action,
    changes: e.changes,
  }));
  await db.execute(sql`
    INSERT INTO audit_events (stream, seq, case_id, actor_kind, actor_id, source, action, at, changes, prev_hash, hash)
    SELECT e.stream, 0, e.case_id, ${actor.kind}, ${actor.userId}, ${actor.source}, e.action, ${at}, e.changes, '', ''
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS e(stream text, case_id uuid, action text, changes jsonb)`);
}

/**
 * Many events with personal values in one statement (bulk work: the legacy import), each sealed as
 * `appendAudit` seals it. At most one event per stream per call: the personal values are matched to their
 * events by stream.
 */
export async function appendAuditPerStream(
  db: Db,
  actor: Actor,
  at: Date,
  inputs: AuditInput[],
): Promise<void> {
  if (inputs.length === 0) return;
  const rows = inputs.map((input, i) => {
    const { changes, stored } = sealEvent(input);
    return {
      i,
      stream: input.stream,
      case_id: input.caseId ?? null,
      action: input.action,
      changes,
      customer_id: input.customerId ?? null,
      personal: Object.keys(stored).length ? stored : null,
    };
  });
  await db.execute(sql`
    WITH input AS (
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
        AS x(i int, stream text, case_id uuid, action text, changes jsonb, customer_id uuid, personal jsonb)
    ), e AS (
      INSERT INTO audit_events (stream, seq, case_id, actor_kind, actor_id, source, action, at, changes, prev_hash, hash)
      SELECT stream, 0, case_id, ${actor.kind}, ${actor.userId}, ${actor.source}, action, ${at}, changes, '', ''
      FROM input ORDER BY i
      RETURNING id, stream
    )
    INSERT INTO audit_personal (event_id, customer_id, values)
    SELECT e.id, input.customer_id, input.personal FROM e JOIN input USING (stream) WHERE input.personal IS NOT NULL`);
}

/** The event's changes with personal values replaced by salted digests, and the values kept aside. */
function sealEvent(input: AuditInput) {
  const personal = new Set(input.personal ?? []);
  const stored: Record<string, { s: string; v: string }> = {};
  const changes: Record<string, unknown> = {};
  for (const [field, change] of Object.entries(input.changes)) {
    const out: Record<string, unknown> = {};
    for (const side of ["old", "new"] as const) {
      if (!(side in change)) continue;
      const value = change[side];
      if (personal.has(field) && typeof value === "string") {
        const sealed = sealPersonal(value);
        out[side] = sealed.digest;
        stored[`${field}.${side}`] = sealed.stored;
      } else {
        out[side] = value ?? null;
      }
    }
    changes[field] = out;
  }
  if (input.reason) {
    const sealed = sealPersonal(input.reason);
    changes.reason = sealed.digest;
    stored.reason = sealed.stored;
  }
  return { changes, stored };
}

export interface AuditEventView {
  id: number;
  seq: number;
  at: Date;
  action: string;
  actorKind: string;
  actorId: string | null;
  source: string;
  changes: Record<string, unknown>;
  reason: string | null;
}

/** A stream's events, oldest first, with personal values put back (or shown as erased). */
export async function readStream(
  db: Db,
  stream: string,
  page: { afterSeq: number; limit: number } = { afterSeq: 0, limit: 10_000 },
): Promise<AuditEventView[]> {
  const rows = await db
    .select({
      id: auditEvents.id,
      seq: auditEvents.seq,
      at: auditEvents.at,
      action: auditEvents.action,
      actorKind: auditEvents.actorKind,
      actorId: auditEvents.actorId,
      source: auditEvents.source,
      changes: auditEvents.changes,
      values: auditPersonal.values,
    })
    .from(auditEvents)
    .leftJoin(auditPersonal, eq(auditPersonal.eventId, auditEvents.id))
    .where(and(eq(auditEvents.stream, stream), gt(auditEvents.seq, page.afterSeq)))
    .orderBy(asc(auditEvents.seq))
    .limit(page.limit);
  return rows.map(({ values, changes, ...event }) => {
    const revealed = revealPersonal(changes, values);
    const reason = revealed.reason;
    delete revealed.reason;
    return { ...event, changes: revealed, reason: typeof reason === "string" ? reason : null };
  });
}

/** An event's changes with its personal values put back from `audit_personal` (or "[erased]"). */
export function revealPersonal(
  changes: Record<string, unknown>,
  values: Record<string, { s: string; v: unknown }> | null,
): Record<string, unknown> {
  const lookup = (key: string) => (values ? (values[key]?.v ?? ERASED) : ERASED);
  const out: Record<string, unknown> = {};
  for (const [field, change] of Object.entries(changes)) {
    if (isPersonalDigest(change)) {
      out[field] = lookup(field);
    } else if (change && typeof change === "object") {
      const sides: Record<string, unknown> = {};
      for (const [side, value] of Object.entries(change)) {
        sides[side] = isPersonalDigest(value) ? lookup(`${field}.${side}`) : value;
      }
      out[field] = sides;
    } else {
      out[field] = change;
    }
  }
  return out;
}

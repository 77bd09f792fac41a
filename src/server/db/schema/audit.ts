import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  unique,
  uuid,
} from "drizzle-orm/pg-core";

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

/**
 * R2 / Part 11 §11.10(e): the append-only audit trail. A trigger (migration 0001) rejects every
 * UPDATE and DELETE. Events are hash-chained per stream ("case:<id>", "user:<id>", "settings:<kind>");
 * the sealer links the stream heads into `audit_seals`, a global chain.
 */
export const auditEvents = pgTable(
  "audit_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    stream: text("stream").notNull(),
    seq: integer("seq").notNull(),
    caseId: uuid("case_id"),
    actorKind: text("actor_kind").notNull(),
    actorId: uuid("actor_id"),
    source: text("source").notNull(),
    action: text("action").notNull(),
    at: ts("at").notNull(),
    /** `{field: {old?, new?}}`; personal values appear only as `{"$pd": digest}`. */
    changes: jsonb("changes").$type<Record<string, unknown>>().notNull(),
    prevHash: text("prev_hash").notNull(),
    hash: text("hash").notNull(),
  },
  (t) => [
    unique("audit_events_stream_seq_key").on(t.stream, t.seq),
    index("audit_events_case_idx").on(t.caseId),
  ],
);

/**
 * The personal values behind the digests of one event, with their salts. Erasure (R11) nulls `values`;
 * the digests in `audit_events` stay, so the chain still verifies and the salts are gone.
 */
export const auditPersonal = pgTable(
  "audit_personal",
  {
    eventId: bigint("event_id", { mode: "number" })
      .primaryKey()
      .references(() => auditEvents.id),
    customerId: uuid("customer_id"),
    values: jsonb("values").$type<Record<string, { s: string; v: unknown }>>(),
    erasedAt: ts("erased_at"),
  },
  (t) => [index("audit_personal_customer_idx").on(t.customerId)],
);

export const auditHeads = pgTable(
  "audit_heads",
  {
    stream: text("stream").primaryKey(),
    seq: integer("seq").notNull(),
    hash: text("hash").notNull(),
    sealedSeq: integer("sealed_seq").notNull().default(0),
    updatedAt: ts("updated_at").notNull(),
  },
  (t) => [index("audit_heads_unsealed_idx").on(t.stream).where(sql`${t.seq} > ${t.sealedSeq}`)],
);

export const auditSeals = pgTable("audit_seals", {
  id: bigserial("id", { mode: "number" }).primaryKey(),
  sealedAt: ts("sealed_at").notNull(),
  /** `[[stream, seq, hash], ...]`: the heads this seal vouches for. */
  heads: jsonb("heads").$type<[string, number, string][]>().notNull(),
  prevHash: text("prev_hash").notNull(),
  hash: text("hash").notNull(),
});

import { integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

/** Versioned settings (R4: "policies are versioned"): calendar and policy; the newest version is current. */
export const settingsVersions = pgTable(
  "settings_versions",
  {
    kind: text("kind").notNull(),
    version: integer("version").notNull(),
    body: jsonb("body").$type<Record<string, unknown>>().notNull(),
    createdAt: ts("created_at").notNull(),
    createdById: uuid("created_by_id"),
  },
  (t) => [primaryKey({ columns: [t.kind, t.version] })],
);

/** `Idempotency-Key` on writes: the first answer is kept and replayed for the same key and body. */
export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    principal: text("principal").notNull(),
    key: text("key").notNull(),
    requestHash: text("request_hash").notNull(),
    statusCode: integer("status_code"),
    response: jsonb("response"),
    createdAt: ts("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.principal, t.key] })],
);

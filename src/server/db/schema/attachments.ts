import { sql } from "drizzle-orm";
import { customType, index, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { cases } from "./cases.js";
import { correspondence } from "./correspondence.js";
import { users } from "./users.js";

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });
const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => "bytea" });

/**
 * R2: the bytes of attached files, kept in the database and addressed by their SHA-256. In the database
 * (not the data dir) so that every instance on one PostgreSQL sees every file, a file commits or rolls
 * back with the case change that brings it, and a database backup holds the whole case file.
 */
export const attachmentBlobs = pgTable("attachment_blobs", {
  sha256: text("sha256").primaryKey(),
  sizeBytes: integer("size_bytes").notNull(),
  content: bytea("content").notNull(), // personal
  createdAt: ts("created_at").notNull(),
});

export type AttachmentSource = "staff" | "customer" | "email";

/** R2 / SOP 001 §6: a file on a case, optionally on one message of its correspondence. */
export const attachments = pgTable(
  "attachments",
  {
    id: uuid("id").primaryKey(),
    caseId: uuid("case_id")
      .notNull()
      .references(() => cases.id),
    correspondenceId: uuid("correspondence_id").references(() => correspondence.id),
    /** The name it came with, for download only; the type is decided from the content. */
    filename: text("filename").notNull(), // personal
    contentType: text("content_type").notNull(),
    sizeBytes: integer("size_bytes").notNull(),
    sha256: text("sha256")
      .notNull()
      .references(() => attachmentBlobs.sha256),
    source: text("source").$type<AttachmentSource>().notNull(),
    uploadedById: uuid("uploaded_by_id").references(() => users.id),
    uploadedAt: ts("uploaded_at").notNull(),
  },
  (t) => [
    index("attachments_case_idx").on(t.caseId, t.uploadedAt),
    index("attachments_correspondence_idx")
      .on(t.correspondenceId)
      .where(sql`${t.correspondenceId} IS NOT NULL`),
    index("attachments_sha256_idx").on(t.sha256),
  ],
);

export type InboundOutcome = "threaded" | "opened" | "ignored";

/**
 * R1: every inbound email seen, by Message-ID, whatever became of it — so a message fetched twice (two
 * pollers, a retried upload) is taken once, and auto-replies and bounces that opened nothing are on record.
 */
export const inboundMessages = pgTable(
  "inbound_messages",
  {
    messageId: text("message_id").primaryKey(),
    receivedAt: ts("received_at").notNull(),
    /** "imap" or "api". */
    via: text("via").notNull(),
    outcome: text("outcome").$type<InboundOutcome>().notNull(),
    /** Why it was ignored (auto-reply, bounce, loop) or how it was threaded. */
    reason: text("reason"),
    caseId: uuid("case_id").references(() => cases.id),
    correspondenceId: uuid("correspondence_id").references(() => correspondence.id),
  },
  (t) => [index("inbound_messages_received_idx").on(t.receivedAt)],
);

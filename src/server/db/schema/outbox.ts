import { sql } from "drizzle-orm";
import { index, integer, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { cases } from "./cases.js";

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

export type OutboxStatus = "pending" | "sending" | "sent" | "dead";

/**
 * R7: the transactional outbox. A message is written in the same transaction as the event that causes
 * it; the worker leases it (`sending` until `lease_until`), sends it with its stable Message-ID, and marks
 * it sent — or retries with back-off, and after the last try leaves it `dead` for an admin to resend.
 */
export const outbox = pgTable(
  "outbox",
  {
    id: uuid("id").primaryKey(),
    caseId: uuid("case_id").references(() => cases.id),
    correspondenceId: uuid("correspondence_id"),
    toAddress: text("to_address").notNull(), // personal
    subject: text("subject").notNull(), // personal
    textBody: text("text_body").notNull(), // personal
    htmlBody: text("html_body"), // personal
    /** Stable across retries, so a message sent twice after a crash is recognisably the same one. */
    messageId: text("message_id").notNull().unique(),
    /** What sending it does to its case: "acknowledge" (the acknowledgment email is the acknowledge step). */
    onSent: text("on_sent"),
    status: text("status").$type<OutboxStatus>().notNull(),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: ts("next_attempt_at").notNull(),
    leaseUntil: ts("lease_until"),
    lastError: text("last_error"),
    createdAt: ts("created_at").notNull(),
    sentAt: ts("sent_at"),
  },
  (t) => [
    index("outbox_due_idx").on(t.nextAttemptAt).where(sql`${t.status} IN ('pending', 'sending')`),
    index("outbox_status_idx").on(t.status, t.createdAt),
  ],
);

/** R7: admin-edited versions of a message template; the newest is used, the shipped text until there is one. */
export const templateVersions = pgTable(
  "template_versions",
  {
    key: text("key").notNull(),
    version: integer("version").notNull(),
    subject: text("subject").notNull(),
    textBody: text("text_body").notNull(),
    htmlBody: text("html_body").notNull(),
    createdAt: ts("created_at").notNull(),
    createdById: uuid("created_by_id"),
  },
  (t) => [primaryKey({ columns: [t.key, t.version] })],
);

import { index, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { cases } from "./cases.js";
import { correspondenceKindEnum, directionEnum } from "./enums.js";
import { users } from "./users.js";

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

/**
 * R2 / SOP 001 §6: every exchange with the customer on the case file — emails in and out, calls,
 * letters, in-person talks — and internal notes (never shown to the customer).
 */
export const correspondence = pgTable(
  "correspondence",
  {
    id: uuid("id").primaryKey(),
    caseId: uuid("case_id")
      .notNull()
      .references(() => cases.id),
    kind: correspondenceKindEnum("kind").notNull(),
    /** Null for internal notes. */
    direction: directionEnum("direction"),
    /** When it happened (a call logged afterwards keeps the time of the call). */
    occurredAt: ts("occurred_at").notNull(),
    recordedAt: ts("recorded_at").notNull(),
    authorId: uuid("author_id").references(() => users.id),
    fromAddress: text("from_address"), // personal
    toAddress: text("to_address"), // personal
    subject: text("subject"), // personal
    body: text("body").notNull(), // personal
    /** An email's HTML part, sanitised on the way in (scripts, handlers and remote content removed). */
    bodyHtml: text("body_html"), // personal
    /** For email: the RFC 5322 Message-ID, so the same mail is never taken twice. */
    messageId: text("message_id"),
    /** Outgoing mail: the template it came from and how its delivery stands (pending, sent, failed). */
    templateKey: text("template_key"),
    deliveryStatus: text("delivery_status").$type<"pending" | "sent" | "failed">(),
  },
  (t) => [
    index("correspondence_case_idx").on(t.caseId, t.occurredAt),
    uniqueIndex("correspondence_message_id_key").on(t.messageId),
  ],
);

/**
 * R7: the customer's unguessable links to their case. Each email to the customer carries a fresh one
 * (256 random bits, kept only as a SHA-256), so the link can be given again without storing it readable.
 */
export const caseLinks = pgTable(
  "case_links",
  {
    tokenHash: text("token_hash").primaryKey(),
    caseId: uuid("case_id")
      .notNull()
      .references(() => cases.id),
    createdAt: ts("created_at").notNull(),
    lastUsedAt: ts("last_used_at"),
  },
  (t) => [index("case_links_case_idx").on(t.caseId)],
);

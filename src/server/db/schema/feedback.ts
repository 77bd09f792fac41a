import { boolean, index, pgTable, smallint, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { cases } from "./cases.js";
import { channelEnum } from "./enums.js";
import { users } from "./users.js";

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

/**
 * R9 / SOP 002: after closure the customer is invited to the standard survey, once per closure; one
 * reminder, then the invitation expires. Phone-only customers get an invitation too, answered through staff.
 */
export const feedbackInvitations = pgTable(
  "feedback_invitations",
  {
    id: uuid("id").primaryKey(),
    caseId: uuid("case_id")
      .notNull()
      .references(() => cases.id),
    invitedAt: ts("invited_at").notNull(),
    /** Null when the customer has no email: staff ask by phone. */
    emailedTo: text("emailed_to"), // personal
    remindAt: ts("remind_at"),
    remindedAt: ts("reminded_at"),
    expiresAt: ts("expires_at").notNull(),
    answeredAt: ts("answered_at"),
  },
  (t) => [
    index("feedback_invitations_case_idx").on(t.caseId, t.invitedAt),
    index("feedback_invitations_remind_idx").on(t.remindAt),
  ],
);

/** R9: the standard survey's answers; one per invitation (the unique index makes it so under races). */
export const feedbackResponses = pgTable(
  "feedback_responses",
  {
    id: uuid("id").primaryKey(),
    caseId: uuid("case_id")
      .notNull()
      .references(() => cases.id),
    invitationId: uuid("invitation_id")
      .notNull()
      .references(() => feedbackInvitations.id),
    /** 1–5: how satisfied with the outcome. */
    satisfaction: smallint("satisfaction").notNull(),
    resolved: boolean("resolved").notNull(),
    /** 1–5: how satisfied with the way the complaint was handled. */
    handlingSatisfaction: smallint("handling_satisfaction").notNull(),
    comment: text("comment"), // personal
    /** web (the customer's link) or the channel staff took it on. */
    channel: channelEnum("channel").notNull(),
    recordedById: uuid("recorded_by_id").references(() => users.id),
    answeredAt: ts("answered_at").notNull(),
  },
  (t) => [
    uniqueIndex("feedback_responses_invitation_key").on(t.invitationId),
    index("feedback_responses_answered_idx").on(t.answeredAt),
  ],
);

import { z } from "zod";
import { attachmentSchema } from "./attachments.schema.js";
import { isoDateTime, optional, text } from "./common.schema.js";
import { CORRESPONDENCE_KINDS, DIRECTIONS } from "./enums.js";

/** DESIGN.md: log a call, letter, in-person talk, email or internal note on the case file. */
export const logCorrespondenceSchema = z.strictObject({
  kind: z.enum(["call", "letter", "note", "in_person", "email"]),
  /** Required except for notes: did the customer reach us (inbound) or we them (outbound)? */
  direction: optional(z.enum(DIRECTIONS)),
  body: text(50_000),
  subject: optional(text(300)),
  /** When it happened; defaults to now (a call logged afterwards keeps the time of the call). */
  occurredAt: optional(isoDateTime),
});
export type LogCorrespondenceInput = z.infer<typeof logCorrespondenceSchema>;

export const correspondenceSchema = z
  .object({
    id: z.uuid(),
    kind: z.enum(CORRESPONDENCE_KINDS),
    direction: z.enum(DIRECTIONS).nullable(),
    /** Internal notes are never shown to the customer. */
    internal: z.boolean(),
    occurredAt: z.iso.datetime(),
    recordedAt: z.iso.datetime(),
    author: z.object({ id: z.uuid(), name: z.string() }).nullable(),
    from: z.string().nullable(),
    to: z.string().nullable(),
    subject: z.string().nullable(),
    body: z.string(),
    /** An inbound email's HTML, sanitised when it arrived (no scripts, handlers or remote content). */
    bodyHtml: z.string().nullable(),
    deliveryStatus: z.enum(["pending", "sent", "failed"]).nullable(),
    /** Files that came with it or were attached to it (POST /cases/{reference}/attachments). */
    attachments: z.array(attachmentSchema),
  })
  .meta({ id: "Correspondence" });

export const correspondenceListSchema = z.object({
  items: z.array(correspondenceSchema),
  nextCursor: z.string().nullable(),
});

/** R7: staff write to the customer from the case — a template, with an optional message merged in. */
export const sendMessageSchema = z.strictObject({
  template: z.enum([
    "acknowledgment",
    "progress_update",
    "request_information",
    "resolution_outcome",
    "closure",
    "feedback_invitation",
  ]),
  /** The `{{message}}` of the template (required for progress_update and request_information). */
  message: optional(text(20_000)),
});

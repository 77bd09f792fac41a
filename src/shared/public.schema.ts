import { z } from "zod";
import { publicAttachmentSchema } from "./attachments.schema.js";
import { optional, text } from "./common.schema.js";
import { publicSurveySchema } from "./feedback.schema.js";

/** R1: the public web form — the intake fields a customer can give (no login). */
export const publicComplaintSchema = z.strictObject({
  name: text(200),
  email: optional(z.email().max(254)),
  phone: optional(z.string().trim().max(40)),
  summary: text(300),
  description: text(20_000),
  category: optional(text(100)),
  desiredRemedy: optional(text(2_000)),
  productRef: optional(text(200)),
  /** Honeypot: invisible to people, filled in by bots. Must stay empty. */
  website: optional(z.string().max(200)),
});

export const publicMessageSchema = z.strictObject({ message: text(10_000) });
export const publicConfirmationSchema = z.strictObject({
  confirmed: z.boolean(),
  comment: optional(text(2_000)),
});

export const publicCaseSchema = z
  .object({
    reference: z.string(),
    /** The organisation's time zone: show the times in it. */
    timezone: z.string(),
    /** In plain words, e.g. "being looked into". */
    status: z.string(),
    receivedAt: z.iso.datetime(),
    expectedResolutionBy: z.iso.datetime().nullable(),
    resolvedAt: z.iso.datetime().nullable(),
    outcome: z.string().nullable(),
    resolution: z.string().nullable(),
    /** The customer can confirm or reject the resolution now. */
    canConfirm: z.boolean(),
    /** The customer's answer, once given. */
    confirmation: z.enum(["confirmed", "rejected", "not_applicable"]).nullable(),
    messages: z.array(
      z.object({
        at: z.iso.datetime(),
        from: z.enum(["you", "us"]),
        subject: z.string().nullable(),
        body: z.string(),
      }),
    ),
    /** Files the customer sent and files on our messages to them (download: .../attachments/{id}). */
    attachments: z.array(publicAttachmentSchema),
    /** R9: the satisfaction survey after closure (answer: POST .../feedback); null until invited. */
    survey: publicSurveySchema,
  })
  .meta({ id: "PublicCase" });

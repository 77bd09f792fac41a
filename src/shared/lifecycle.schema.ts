import { z } from "zod";
import { isoDateTime, optional, text } from "./common.schema.js";
import { ACTION_ITEM_STATUSES, CHANNELS, OUTCOMES, SEVERITIES, URGENCIES } from "./enums.js";

const reason = text(2_000);
const note = optional(text(5_000));

/** DESIGN.md "Action bodies": what each lifecycle step needs. */
export const actionBodySchemas = {
  acknowledge: z.strictObject({ note }),
  assign: z.strictObject({ ownerId: z.uuid() }),
  "start-investigation": z.strictObject({}),
  "await-customer": z.strictObject({ reason }),
  resume: z.strictObject({ note }),
  escalate: z.strictObject({ reason }),
  resolve: z.strictObject({
    outcome: z.enum(OUTCOMES),
    resolution: text(20_000),
    remedy: optional(
      z.strictObject({
        amountMinor: z.number().int().min(0).max(1e13),
        currency: z.string().regex(/^[A-Z]{3}$/, "must be an ISO 4217 code such as GBP"),
      }),
    ),
  }),
  verify: z.strictObject({ note }),
  "customer-confirmation": z.union([
    z.strictObject({ confirmed: z.boolean(), channel: z.enum(CHANNELS), note }),
    z.strictObject({ notApplicableReason: reason }),
  ]),
  close: z.strictObject({ note }),
  reopen: z.strictObject({ reason }),
  archive: z.strictObject({ reason: optional(reason) }),
} as const;

export type ActionBodies = { [K in keyof typeof actionBodySchemas]: z.infer<(typeof actionBodySchemas)[K]> };

/** R5: the initial assessment; changing it later needs a reason. */
export const assessmentSchema = z.strictObject({
  severity: z.enum(SEVERITIES),
  urgency: optional(z.enum(URGENCIES)),
  impact: optional(text(2_000)),
  reason,
});

export const deadlineOverrideSchema = z.strictObject({ dueAt: z.iso.datetime({ offset: true }), reason });

/** R6 / 21 CFR 820.198: fields left out stay as they are; null clears one. */
export const investigationInputSchema = z.strictObject({
  findings: optional(text(20_000)),
  peopleInterviewed: optional(text(5_000)),
  recordsReviewed: optional(text(5_000)),
  rootCauseCategory: optional(text(60)),
  rootCause: optional(text(5_000)),
  notInvestigatedReason: optional(text(2_000)),
});

export const investigationSchema = z
  .object({
    findings: z.string().nullable(),
    peopleInterviewed: z.string().nullable(),
    recordsReviewed: z.string().nullable(),
    rootCauseCategory: z.string().nullable(),
    rootCause: z.string().nullable(),
    notInvestigatedReason: z.string().nullable(),
    decidedBy: z.object({ id: z.uuid(), name: z.string() }).nullable(),
    updatedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: "Investigation" });

const isoDate = z.iso.date();

export const actionItemInputSchema = z.strictObject({
  text: text(2_000),
  ownerId: optional(z.uuid()),
  dueDate: optional(isoDate),
});

export const actionItemUpdateSchema = z.strictObject({
  text: optional(text(2_000)),
  ownerId: optional(z.uuid()),
  dueDate: optional(isoDate),
  status: optional(z.enum(ACTION_ITEM_STATUSES)),
  waivedReason: optional(text(2_000)),
});

export const actionItemSchema = z
  .object({
    id: z.uuid(),
    text: z.string(),
    ownerId: z.uuid().nullable(),
    ownerName: z.string().nullable(),
    dueDate: z.string().nullable(),
    status: z.enum(ACTION_ITEM_STATUSES),
    doneAt: z.iso.datetime().nullable(),
    waivedReason: z.string().nullable(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: "ActionItem" });

const person = z.object({ id: z.uuid(), name: z.string() }).nullable();

/** R8 / SOP 002 §4.1: what still blocks closing, and once closed the closure record (closure form). */
export const closureSchema = z
  .object({
    canClose: z.boolean(),
    blockers: z.array(z.string()),
    record: z
      .object({
        closedAt: z.iso.datetime(),
        outcome: z.enum(OUTCOMES).nullable(),
        resolution: z.string().nullable(),
        remedy: z.object({ amountMinor: z.number().int(), currency: z.string() }).nullable(),
        actions: z.array(actionItemSchema),
        customerConfirmation: z.string().nullable(),
        responsible: z.object({ owner: person, resolvedBy: person, verifiedBy: person, closedBy: person }),
      })
      .nullable(),
  })
  .meta({ id: "Closure" });

/** SOP 004 §4: the follow-up contact after resolution — how the customer was reached and what they said. */
export const followUpSchema = z.strictObject({
  kind: z.enum(["call", "email", "letter", "in_person"]),
  note: text(20_000),
  /** When the contact happened; defaults to now. */
  occurredAt: optional(isoDateTime),
});
export type FollowUpInput = z.infer<typeof followUpSchema>;

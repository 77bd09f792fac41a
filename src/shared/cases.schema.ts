import { z } from "zod";
import { isoDateTime, optional, queryObject, text } from "./common.schema.js";
import {
  CASE_ACTIONS,
  CASE_TYPES,
  CHANNELS,
  CONFIRMATIONS,
  DEADLINE_STATES,
  LEVELS,
  OUTCOMES,
  SEED_STATUSES,
  SEVERITIES,
  STATUSES,
  URGENCIES,
} from "./enums.js";
import { caseRetentionSchema } from "./records.schema.js";

export const caseTypeSchema = z.enum(CASE_TYPES);
export const channelSchema = z.enum(CHANNELS);
export const severitySchema = z.enum(SEVERITIES);
export const statusSchema = z.enum(STATUSES);
export const seedStatusSchema = z.enum(Object.keys(SEED_STATUSES) as [keyof typeof SEED_STATUSES]);

export const customerInputSchema = z.strictObject({
  name: text(200),
  email: optional(z.email().max(254)),
  phone: optional(z.string().trim().max(40)),
});

/** R1: what staff (and integrations) give when logging a case. */
export const createCaseSchema = z.strictObject({
  type: caseTypeSchema,
  channel: channelSchema,
  /** Defaults to now; staff may back-date it (both times are kept). */
  receivedAt: optional(isoDateTime),
  customer: optional(customerInputSchema),
  summary: text(300),
  description: text(20_000),
  category: optional(text(100)),
  severity: optional(severitySchema),
  desiredRemedy: optional(text(2_000)),
  /** Order, product or service reference (SOP 004 §4). */
  productRef: optional(text(200)),
  /** The employee who received it, when not the one logging it. */
  receivedById: optional(z.uuid()),
});
export type CreateCaseInput = z.infer<typeof createCaseSchema>;

export const customerSchema = z
  .object({
    id: z.uuid(),
    name: z.string().nullable(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
  })
  .meta({ id: "Customer" });

export const deadlinesSchema = z.object({
  acknowledge: z.iso.datetime(),
  assign: z.iso.datetime(),
  resolve: z.iso.datetime(),
});

const deadlineStatusSchema = z.object({
  dueAt: z.iso.datetime(),
  state: z.enum(DEADLINE_STATES),
  completedAt: z.iso.datetime().nullable(),
});

export const caseSchema = z
  .object({
    id: z.uuid(),
    reference: z.string(),
    type: caseTypeSchema,
    status: statusSchema,
    seedStatus: seedStatusSchema,
    level: z.union(LEVELS.map((l) => z.literal(l))),
    channel: channelSchema,
    summary: z.string(),
    description: z.string(),
    category: z.string().nullable(),
    severity: severitySchema.nullable(),
    desiredRemedy: z.string().nullable(),
    productRef: z.string().nullable(),
    receivedAt: z.iso.datetime(),
    loggedAt: z.iso.datetime(),
    receivedById: z.uuid().nullable(),
    loggedById: z.uuid().nullable(),
    customer: customerSchema.nullable(),
    ownerId: z.uuid().nullable(),
    ownerName: z.string().nullable(),
    deadlines: deadlinesSchema,
    /** R4: each deadline's state now: on track, due soon, breached, paused; met or missed once done. */
    deadlineStatus: z.object({
      acknowledge: deadlineStatusSchema,
      assign: deadlineStatusSchema,
      resolve: deadlineStatusSchema,
    }),
    /** The earliest deadline still running, for queues ("due soon", "breached"). */
    nextDeadline: z.object({ step: z.string(), dueAt: z.iso.datetime() }).nullable(),
    urgency: z.enum(URGENCIES).nullable(),
    impact: z.string().nullable(),
    levelCause: z.string().nullable(),
    resolveDueReason: z.string().nullable(),
    pausedAt: z.iso.datetime().nullable(),
    outcome: z.enum(OUTCOMES).nullable(),
    resolution: z.string().nullable(),
    remedy: z.object({ amountMinor: z.number().int(), currency: z.string() }).nullable(),
    resolvedById: z.uuid().nullable(),
    verifiedAt: z.iso.datetime().nullable(),
    verifiedById: z.uuid().nullable(),
    customerConfirmation: z
      .object({
        state: z.enum(CONFIRMATIONS),
        at: z.iso.datetime().nullable(),
        channel: channelSchema.nullable(),
        note: z.string().nullable(),
      })
      .nullable(),
    /** SOP 004: the follow-up contact after resolution; in the owner's due list until done. */
    followUp: deadlineStatusSchema.extend({ completedById: z.uuid().nullable() }).nullable(),
    /** The lifecycle steps this caller may take now (R3): what the case page shows as buttons. */
    allowedActions: z.array(z.enum(CASE_ACTIONS)),
    /** R10: the retention rule, when the record's retention ends, legal hold, disposal. */
    retention: caseRetentionSchema,
    acknowledgedAt: z.iso.datetime().nullable(),
    assignedAt: z.iso.datetime().nullable(),
    resolvedAt: z.iso.datetime().nullable(),
    closedAt: z.iso.datetime().nullable(),
    policyVersion: z.number().int(),
    calendarVersion: z.number().int(),
    version: z.number().int(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: "Case" });
export type CaseView = z.infer<typeof caseSchema>;

const csv = <T extends z.ZodType<unknown, string>>(item: T) =>
  z
    .string()
    .transform((value) =>
      value
        .split(",")
        .map((part) => part.trim())
        .filter(Boolean),
    )
    .pipe(z.array(item).min(1));

export const caseStatusFilterSchema = z.union([statusSchema, seedStatusSchema]);

const listCasesQueryShape = {
  status: optional(csv(caseStatusFilterSchema)),
  /**
   * R4: cases whose next deadline is due soon or already breached; `follow_up`: resolved cases whose
   * follow-up contact (SOP 004) is not yet done, however far off its date.
   */
  due: optional(z.enum(["soon", "breached", "follow_up"])),
  type: optional(caseTypeSchema),
  level: optional(z.coerce.number().pipe(z.union(LEVELS.map((l) => z.literal(l))))),
  /** A user id, `me`, or `none` (unassigned). */
  owner: optional(z.union([z.uuid(), z.literal("me"), z.literal("none")])),
  category: optional(text(100)),
  channel: optional(channelSchema),
  severity: optional(severitySchema),
  customer: optional(z.uuid()),
  receivedFrom: optional(isoDateTime),
  receivedTo: optional(isoDateTime),
  q: optional(text(200)),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: optional(z.string().max(200)),
};
export const listCasesQuerySchema = queryObject(listCasesQueryShape);
export type ListCasesQuery = z.infer<typeof listCasesQuerySchema>;

export const caseListSchema = z.object({ items: z.array(caseSchema), nextCursor: z.string().nullable() });

export const referenceParams = z.strictObject({ reference: z.string().min(1).max(40) });

export const historyEventSchema = z
  .object({
    id: z.number().int(),
    seq: z.number().int(),
    at: z.iso.datetime(),
    action: z.string(),
    actor: z.object({ kind: z.string(), id: z.uuid().nullable(), name: z.string().nullable() }),
    source: z.string(),
    changes: z.record(z.string(), z.unknown()),
    reason: z.string().nullable(),
  })
  .meta({ id: "AuditEvent" });

export const similarCaseSchema = z.object({
  reference: z.string(),
  summary: z.string(),
  status: statusSchema,
  receivedAt: z.iso.datetime(),
  customerName: z.string().nullable(),
  similarity: z.number(),
});

export const similarResultSchema = z.object({
  similar: z.array(similarCaseSchema),
  customerCases: z.array(similarCaseSchema),
});

export const similarQuerySchema = z.strictObject({
  summary: optional(z.string().max(300)),
  description: optional(z.string().max(20_000)),
  email: optional(z.string().max(254)),
  phone: optional(z.string().max(40)),
  exclude: optional(z.string().max(40)),
});

const { limit: _limit, cursor: _cursor, ...filterShape } = listCasesQueryShape;
export const exportQuerySchema = queryObject({
  ...filterShape,
  format: z.enum(["csv", "xlsx"]).default("csv"),
});

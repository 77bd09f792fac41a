import { z } from "zod";
import { createCapaSchema } from "./capa.schema.js";
import { optional, queryObject, text } from "./common.schema.js";

const month = z.string().regex(/^\d{4}-\d{2}$/, "write the month as YYYY-MM, e.g. 2026-10");
const day = z.iso.date().describe("A calendar date, YYYY-MM-DD");

/** R13: the five checks of a sampled case (SOP 003 §6). */
export const CHECKLIST_ITEMS = [
  "fieldsComplete",
  "deadlinesMetOrExplained",
  "customerInformed",
  "closureJustified",
  "recordsAttached",
] as const;

export const drawSampleSchema = z.strictObject({
  /** The month whose closed cases are sampled; defaults to last month. */
  month: optional(month),
});

export const sampleCheckSchema = z.strictObject({
  checklist: z.strictObject(
    Object.fromEntries(CHECKLIST_ITEMS.map((k) => [k, z.boolean()])) as {
      [K in (typeof CHECKLIST_ITEMS)[number]]: z.ZodBoolean;
    },
  ),
  notes: optional(text(5_000)),
  /** A failed check may raise a CAPA at once (the sampled case is linked to it). */
  capa: createCapaSchema.omit({ caseReferences: true }).optional(),
});
export type SampleCheckInput = z.infer<typeof sampleCheckSchema>;

export const sampleItemSchema = z.object({
  id: z.uuid(),
  caseReference: z.string(),
  summary: z.string(),
  reviewerId: z.uuid().nullable(),
  reviewerName: z.string().nullable(),
  checklist: z.record(z.string(), z.boolean()).nullable(),
  outcome: z.enum(["pass", "fail"]).nullable(),
  notes: z.string().nullable(),
  reviewedAt: z.iso.datetime().nullable(),
  capaReference: z.string().nullable(),
  version: z.number().int(),
});

export const sampleSchema = z
  .object({
    id: z.uuid(),
    month: z.string(),
    seed: z.string(),
    rule: z.string(),
    population: z.number().int(),
    drawnAt: z.iso.datetime(),
    items: z.array(sampleItemSchema),
    summary: z.object({ pending: z.number().int(), passed: z.number().int(), failed: z.number().int() }),
  })
  .meta({ id: "QualitySample" });

export const sampleParams = z.strictObject({ month });
export const sampleItemParams = sampleParams.extend({ itemId: z.uuid() });

/** R12: a management review of a period. */
export const createReviewSchema = z.strictObject({
  period: z.string().regex(/^\d{4}-(\d{2}|Q[1-4]|H[12])$/, "write the period as 2026-10, 2026-Q3 or 2026-H2"),
  heldOn: day,
  attendees: z.array(text(200)).min(1).max(50),
  /** The month whose stored monthly report was reviewed, if any. */
  reportMonth: optional(month),
  findings: text(50_000),
  actions: z
    .array(
      z.strictObject({
        text: text(2_000),
        ownerId: optional(z.uuid()),
        dueDate: optional(day),
        /** Open a CAPA for this action (linked to the cases given). */
        capa: createCapaSchema.optional(),
      }),
    )
    .max(100)
    .default([]),
});
export type CreateReviewInput = z.infer<typeof createReviewSchema>;

export const followUpActionSchema = z.strictObject({
  status: z.enum(["open", "done", "dropped"]),
  note: text(5_000),
});

export const reviewActionSchema = z.object({
  id: z.uuid(),
  text: z.string(),
  ownerId: z.uuid().nullable(),
  dueDate: z.string().nullable(),
  status: z.enum(["open", "done", "dropped"]),
  capaReference: z.string().nullable(),
  followUpNote: z.string().nullable(),
  closedAt: z.iso.datetime().nullable(),
});

export const reviewSchema = z
  .object({
    id: z.uuid(),
    period: z.string(),
    heldOn: z.string(),
    attendees: z.array(z.string()),
    reportMonth: z.string().nullable(),
    findings: z.string(),
    actions: z.array(reviewActionSchema),
    /** Earlier reviews' actions still open: what this review must follow up. */
    openFromEarlier: z.array(reviewActionSchema.extend({ reviewPeriod: z.string() })),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: "ManagementReview" });

export const listQuerySchema = queryObject({ limit: z.coerce.number().int().min(1).max(100).default(24) });

/** R14: a procedure the organisation works by (SOP), with its review date. */
export const procedureInputSchema = z.strictObject({
  title: text(300),
  version: text(40),
  effectiveDate: day,
  reviewDate: day,
  ownerId: optional(z.uuid()),
});
export type ProcedureInput = z.infer<typeof procedureInputSchema>;

export const procedureSchema = z
  .object({
    id: z.uuid(),
    title: z.string(),
    version: z.string(),
    effectiveDate: z.string(),
    reviewDate: z.string(),
    /** The review date is within 30 days or has passed. */
    reviewDue: z.boolean(),
    ownerId: z.uuid().nullable(),
    document: z.object({ filename: z.string(), contentType: z.string(), sha256: z.string() }).nullable(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: "Procedure" });

/** R14: staff feedback on the process itself. */
export const processFeedbackInputSchema = z.strictObject({
  area: optional(text(100)),
  text: text(5_000),
});

export const processFeedbackSchema = z.object({
  id: z.uuid(),
  area: z.string().nullable(),
  text: z.string(),
  authorId: z.uuid().nullable(),
  createdAt: z.iso.datetime(),
});

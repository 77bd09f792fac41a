import { z } from "zod";
import { optional, queryObject, text } from "./common.schema.js";

export const CAPA_STATUSES = ["open", "in_progress", "implemented", "effective", "not_effective"] as const;
/** Statuses in which work remains: a CAPA found not effective is reopened (ISO 10002 8.6). */
export const CAPA_ACTIVE_STATUSES = ["open", "in_progress", "not_effective"] as const;

const day = z.iso.date().describe("A calendar date, YYYY-MM-DD");
const caseReferences = z.array(z.string().trim().min(1).max(40)).min(1).max(500);

/** R6: a corrective or preventive action, raised from the cases that showed the problem. */
export const createCapaSchema = z.strictObject({
  title: text(200),
  description: optional(text(20_000)),
  caseReferences,
  ownerId: optional(z.uuid()),
  dueDate: day,
  effectivenessCheckDate: optional(day),
  rootCauseCategory: optional(text(60)),
  rootCause: optional(text(5_000)),
});
export type CreateCapaInput = z.infer<typeof createCapaSchema>;

/** Fields left out stay as they are; status moves open → in_progress → implemented (and back from not_effective). */
export const updateCapaSchema = z.strictObject({
  title: optional(text(200)),
  description: optional(text(20_000)),
  ownerId: optional(z.uuid()),
  dueDate: optional(day),
  effectivenessCheckDate: optional(day),
  rootCauseCategory: optional(text(60)),
  rootCause: optional(text(5_000)),
  lessonsLearned: optional(text(20_000)),
  status: optional(z.enum(["open", "in_progress", "implemented"])),
});
export type UpdateCapaInput = z.infer<typeof updateCapaSchema>;

export const linkCasesSchema = z.strictObject({ caseReferences });

/** The effectiveness check: on or after its date, with evidence. Not effective reopens the CAPA. */
export const effectivenessSchema = z.strictObject({
  result: z.enum(["effective", "not_effective"]),
  evidence: text(20_000),
  lessonsLearned: optional(text(20_000)),
});
export type EffectivenessInput = z.infer<typeof effectivenessSchema>;

export const capaSchema = z
  .object({
    id: z.uuid(),
    reference: z.string(),
    title: z.string(),
    description: z.string().nullable(),
    status: z.enum(CAPA_STATUSES),
    rootCauseCategory: z.string().nullable(),
    rootCause: z.string().nullable(),
    ownerId: z.uuid().nullable(),
    ownerName: z.string().nullable(),
    dueDate: z.string(),
    /** Work remains and the due date has passed (in the organisation's time zone). */
    overdue: z.boolean(),
    effectivenessCheckDate: z.string().nullable(),
    /** Implemented, and its check date has come: the check is due. */
    checkDue: z.boolean(),
    effectivenessResult: z.enum(["effective", "not_effective"]).nullable(),
    effectivenessEvidence: z.string().nullable(),
    checkedAt: z.iso.datetime().nullable(),
    lessonsLearned: z.string().nullable(),
    cases: z.array(z.object({ reference: z.string(), summary: z.string(), status: z.string() })),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    version: z.number().int(),
  })
  .meta({ id: "Capa" });
export type CapaView = z.infer<typeof capaSchema>;

export const listCapasQuerySchema = queryObject({
  status: z.enum(CAPA_STATUSES).optional(),
  /** "me" or a user id. */
  owner: z.union([z.literal("me"), z.uuid()]).optional(),
  /** overdue: work past its due date; check: effectiveness check due; any: either (the owner's due list). */
  due: z.enum(["overdue", "check", "any"]).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});
export type ListCapasQuery = z.infer<typeof listCapasQuerySchema>;

export const capaListSchema = z.object({ items: z.array(capaSchema), nextCursor: z.string().nullable() });

/** Cases grouped by root cause category, so that recurring causes show (R6). */
export const rootCauseGroupsSchema = z.object({
  since: z.iso.datetime(),
  items: z.array(
    z.object({
      category: z.string(),
      cases: z.number().int(),
      openCases: z.number().int(),
      lastSeenAt: z.iso.datetime(),
      capas: z.array(z.object({ reference: z.string(), status: z.enum(CAPA_STATUSES) })),
    }),
  ),
});
export const rootCauseQuerySchema = queryObject({
  days: z.coerce.number().int().min(1).max(3660).default(365),
});

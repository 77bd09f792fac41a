import { z } from "zod";
import { isoDateTime, optional, queryObject, text } from "./common.schema.js";
import { CASE_TYPES } from "./enums.js";
import { retentionRuleSchema } from "./settings.schema.js";

const person = z.object({ id: z.uuid(), name: z.string() }).nullable();

/** Registers are pages, newest first (keyset: `cursor` from the last page). */
export const registerQuerySchema = queryObject({
  from: optional(isoDateTime),
  to: optional(isoDateTime),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: optional(z.string().max(200)),
});
export type RegisterQuery = z.infer<typeof registerQuerySchema>;

/** R10: one archiving of a case file, with the SHA-256 of the bundle made at that moment. */
export const archiveEntrySchema = z
  .object({
    id: z.uuid(),
    caseId: z.uuid(),
    reference: z.string(),
    event: z.enum(["archived", "rebundled"]),
    at: z.iso.datetime(),
    by: person,
    source: z.string().describe("how: token:…, session, scheduler (automatic archiving)"),
    reason: z.string().nullable(),
    bundleSha256: z.string(),
    bundleBytes: z.number().int(),
    bundleDisposedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: "ArchiveEntry" });

export const archiveRegisterSchema = z.object({
  items: z.array(archiveEntrySchema),
  nextCursor: z.string().nullable(),
});

/** R10 / GDPR Art 17(3)(e): a legal hold stops disposal and erasure of the case. */
export const legalHoldInputSchema = z.strictObject({ reason: text(2_000) });
export const legalHoldReleaseSchema = z.strictObject({ reason: optional(text(2_000)) });

export const legalHoldSchema = z
  .object({
    id: z.uuid(),
    caseId: z.uuid(),
    reference: z.string(),
    reason: z.string(),
    placedAt: z.iso.datetime(),
    placedBy: person,
    releasedAt: z.iso.datetime().nullable(),
    releasedBy: person,
    releaseReason: z.string().nullable(),
  })
  .meta({ id: "LegalHold" });

export const legalHoldsQuerySchema = queryObject({
  /** `active` (default): holds in force; `all`: released ones too. */
  state: z.enum(["active", "all"]).default("active"),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: optional(z.string().max(200)),
});

export const legalHoldListSchema = z.object({
  items: z.array(legalHoldSchema),
  nextCursor: z.string().nullable(),
});

/** R10: a case past retention, waiting for a records user's decision. */
export const disposalCandidateSchema = z
  .object({
    caseId: z.uuid(),
    reference: z.string(),
    type: z.enum(CASE_TYPES),
    closedAt: z.iso.datetime().nullable(),
    retainUntil: z.iso.datetime(),
    rule: z.string(),
    listedAt: z.iso.datetime(),
    legalHold: z.boolean().describe("under legal hold: cannot be approved until the hold is released"),
  })
  .meta({ id: "DisposalCandidate" });

export const disposalQueueSchema = z.object({
  items: z.array(disposalCandidateSchema),
  nextCursor: z.string().nullable(),
});

/** R10: a records user approves a batch of the queue, with a reason; all of it is disposed or none. */
export const disposalApprovalSchema = z.strictObject({
  references: z.array(z.string().trim().min(1).max(40)).min(1).max(200),
  reason: text(2_000),
});
export type DisposalApproval = z.infer<typeof disposalApprovalSchema>;

export const disposalEntrySchema = z
  .object({
    id: z.uuid(),
    batchId: z.uuid(),
    caseId: z.uuid(),
    reference: z.string(),
    caseType: z.string(),
    closedAt: z.iso.datetime().nullable(),
    retainUntil: z.iso.datetime(),
    rule: z.string(),
    policyVersion: z.number().int(),
    reason: z.string(),
    disposedAt: z.iso.datetime(),
    disposedBy: person,
    removed: z.record(z.string(), z.number()),
  })
  .meta({ id: "DisposalEntry" });

export const disposalRegisterSchema = z.object({
  items: z.array(disposalEntrySchema),
  nextCursor: z.string().nullable(),
});

export const disposalResultSchema = z.object({
  batchId: z.uuid(),
  disposed: z.array(disposalEntrySchema),
});

export const retentionPresetSchema = z.object({
  name: z.string(),
  description: z.string(),
  complaint: retentionRuleSchema,
  incident: retentionRuleSchema,
});

export const retentionPresetsQuerySchema = queryObject({
  deviceLifetimeYears: z.coerce.number().min(0).max(100).default(2),
});

/** R10: what the case page shows about keeping the record. */
export const caseRetentionSchema = z.object({
  rule: z.string(),
  until: z.iso.datetime().nullable().describe("null while the case is open (the period counts from closure)"),
  legalHold: z.boolean(),
  disposedAt: z.iso.datetime().nullable(),
});

export const archiveInputSchema = z.strictObject({ reason: optional(text(2_000)) });

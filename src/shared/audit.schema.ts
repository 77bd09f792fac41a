import { z } from "zod";
import { isoDateTime, optional, queryObject, text } from "./common.schema.js";

/** R2 / ISO 10002 8.5: the auditor's view of the whole trail, filtered, newest first. */
const trailFilterShape = {
  /** One chain: `case:<id>`, `customer:<id>`, `user:<id>`, `settings:policy`. */
  stream: optional(text(200)),
  /** The events of one case, by its reference. */
  case: optional(text(40)),
  actor: optional(z.uuid()),
  /** An action (`case.close`), or all of a kind with `.*` (`case.*`, `customer.*`). */
  action: optional(
    z
      .string()
      .trim()
      .regex(/^[a-z_.]+(\.\*)?$/, "must be an action such as case.close or case.*"),
  ),
  from: optional(isoDateTime),
  to: optional(isoDateTime),
};

export const auditTrailQuerySchema = queryObject({
  ...trailFilterShape,
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  /** The id of the last event of the previous page. */
  cursor: optional(z.coerce.number().int().min(1)),
});
export type AuditTrailQuery = z.infer<typeof auditTrailQuerySchema>;

export const auditTrailExportQuerySchema = queryObject({
  ...trailFilterShape,
  format: z.enum(["csv"]).default("csv"),
});

export const auditTrailEventSchema = z
  .object({
    id: z.number().int(),
    stream: z.string(),
    seq: z.number().int(),
    at: z.iso.datetime(),
    action: z.string(),
    actor: z.object({ kind: z.string(), id: z.uuid().nullable(), name: z.string().nullable() }),
    source: z.string(),
    caseReference: z.string().nullable(),
    changes: z.record(z.string(), z.unknown()),
    reason: z.string().nullable(),
    hash: z.string(),
  })
  .meta({ id: "AuditTrailEvent" });

export const auditTrailSchema = z.object({
  items: z.array(auditTrailEventSchema),
  nextCursor: z.string().nullable(),
});

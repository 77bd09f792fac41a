import { z } from "zod";
import { isoDateTime, optional, queryObject, text } from "./common.schema.js";

/** R11 / GDPR Art 15 and 17: requests from data subjects; Art 12(3): answered within one month. */
export const DATA_REQUEST_KINDS = ["access", "erasure"] as const;
export const DATA_REQUEST_STATUSES = ["open", "done", "refused"] as const;

export const customerIdParams = z.strictObject({ id: z.uuid() });

export const findCustomersQuerySchema = queryObject({
  email: optional(z.string().trim().min(3).max(254)),
  phone: optional(z.string().trim().min(3).max(40)),
});

export const customerSummarySchema = z
  .object({
    id: z.uuid(),
    name: z.string().nullable(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    createdAt: z.iso.datetime(),
    erasedAt: z.iso.datetime().nullable(),
    cases: z.number().int(),
  })
  .meta({ id: "CustomerSummary" });

export const dataRequestInputSchema = z.strictObject({
  kind: z.enum(DATA_REQUEST_KINDS),
  customerId: z.uuid(),
  /** When the request reached us (defaults to now): the one-month clock starts here. */
  receivedAt: optional(isoDateTime),
  note: optional(text(2_000)),
});
export type DataRequestInput = z.infer<typeof dataRequestInputSchema>;

const person = z.object({ id: z.uuid(), name: z.string() }).nullable();

export const dataRequestSchema = z
  .object({
    id: z.uuid(),
    kind: z.enum(DATA_REQUEST_KINDS),
    customerId: z.uuid(),
    receivedAt: z.iso.datetime(),
    dueAt: z.iso.datetime().describe("one calendar month after receipt (GDPR Art 12(3))"),
    status: z.enum(DATA_REQUEST_STATUSES),
    overdue: z.boolean(),
    note: z.string().nullable(),
    outcome: z.string().nullable(),
    decidedAt: z.iso.datetime().nullable(),
    decidedBy: person,
  })
  .meta({ id: "DataRequest" });

export const dataRequestsQuerySchema = queryObject({
  status: optional(z.enum(DATA_REQUEST_STATUSES)),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: optional(z.string().max(200)),
});

export const dataRequestListSchema = z.object({
  items: z.array(dataRequestSchema),
  nextCursor: z.string().nullable(),
});

export const exportQuerySchema = queryObject({
  /** The access request this export answers (else one is recorded as received and answered now). */
  request: optional(z.uuid()),
});

export const eraseInputSchema = z.strictObject({
  /** The erasure request this answers (else one is recorded as received now). */
  requestId: optional(z.uuid()),
  note: optional(text(2_000)),
});

export const erasureResultSchema = z.object({
  customerId: z.uuid(),
  erasedAt: z.iso.datetime(),
  cases: z.number().int().describe("cases whose personal data and free text were anonymised"),
  files: z.number().int(),
  auditValues: z.number().int().describe("personal values erased from the audit trail (digests kept)"),
  request: dataRequestSchema,
});

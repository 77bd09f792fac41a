import { z } from "zod";
import { queryObject } from "./common.schema.js";
import { CASE_TYPES, CHANNELS, SEVERITIES } from "./enums.js";

// R12: the monthly management report and its regulatory figures (FCA DISP 1.10 style).

export const REPORT_FORMATS = ["json", "csv", "xlsx", "pdf"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;
export const monthSchema = z
  .string()
  .regex(MONTH_PATTERN, { message: "must be a month written YYYY-MM (01 to 12), e.g. 2026-10" });

export const monthlyReportQuerySchema = queryObject({
  month: monthSchema.describe(
    "The calendar month in the organisation's time zone, YYYY-MM; not in the future",
  ),
  format: z.enum(REPORT_FORMATS).default("json"),
});

/** Severity is set at assessment; a case not yet assessed counts here. */
export const UNASSESSED = "unassessed" as const;
/** A case logged without a category counts here. */
export const UNCATEGORISED = "uncategorised";
/** Backlog age in whole business days since receipt: [0, 2), [2, 5), [5, 10), [10, 20), [20, 40), 40 and more. */
export const AGE_BUCKETS = ["0-2", "2-5", "5-10", "10-20", "20-40", "40+"] as const;
export const AGE_BUCKET_LIMITS = [2, 5, 10, 20, 40] as const;
export const ESCALATION_CAUSES = ["elapsed", "critical", "recurring", "manual"] as const;
export const CAPA_STATUSES = ["open", "in_progress", "implemented", "effective", "not_effective"] as const;

const count = z.number().int().min(0);
const share = z
  .number()
  .nullable()
  .describe("a percentage to one decimal; null when there is nothing to divide by");
const counted = <T extends readonly [string, ...string[]]>(keys: T) => z.record(z.enum(keys), count);

export const breakdownSchema = z.object({
  total: count,
  byType: counted(CASE_TYPES),
  byChannel: counted(CHANNELS),
  byCategory: z.record(z.string(), count).describe(`category as logged; "${UNCATEGORISED}" when none`),
  bySeverity: counted([...SEVERITIES, UNASSESSED] as const),
});

export const stepTimelinessSchema = z.object({
  count: count.describe("cases whose step was done in the month"),
  medianBusinessHours: z.number().nullable(),
  p90BusinessHours: z.number().nullable(),
  met: count,
  missed: count,
  compliancePercent: share,
});

export const regulatoryFiguresSchema = z
  .object({
    received: count,
    closed: count,
    within3BusinessDays: count.describe("closed by close of business on the 3rd business day after receipt"),
    after3BusinessDaysWithin8Weeks: count,
    after8Weeks: count,
    upheld: count,
    partlyUpheld: count,
    notUpheld: count,
    upheldPercent: share.describe("upheld and partly upheld over those closed with an outcome"),
    redressMinor: z
      .record(z.string(), z.number())
      .describe("remedy of the closed ones, by currency, in minor units"),
  })
  .describe("complaints only (incidents are not complaints); the three closed buckets add up to `closed`");

export const periodFiguresSchema = z.object({
  month: monthSchema,
  received: breakdownSchema,
  closed: breakdownSchema,
  timeliness: z
    .object({
      acknowledge: stepTimelinessSchema,
      assign: stepTimelinessSchema,
      resolve: stepTimelinessSchema,
    })
    .describe("business hours from receipt to the step (resolve: pauses awaiting the customer left out)"),
  escalations: z.object({
    total: count,
    byLevel: counted(["2", "3"] as const).describe("escalation events in the month by the level reached"),
    byCause: counted(ESCALATION_CAUSES),
  }),
  backlog: z.object({
    asOf: z.iso.datetime(),
    total: count.describe("cases received and not closed at `asOf` (month end, or now for this month)"),
    byAge: counted(AGE_BUCKETS).describe("whole business days since receipt"),
    byLevel: counted(["1", "2", "3"] as const),
  }),
  topCategories: z.array(z.object({ category: z.string(), count, sharePercent: share })),
  topRootCauses: z.array(z.object({ rootCause: z.string(), count })),
  repeatCustomers: z.object({
    customers: count.describe("customers with two or more cases received in the month"),
    cases: count.describe("the cases of those customers received in the month"),
    returning: count.describe("customers with a case in the month who also had one in the 12 months before"),
  }),
  capa: z.object({
    byStatus: counted(CAPA_STATUSES).describe(
      "CAPAs opened by the month end, by their status when generated",
    ),
    opened: count,
    effectivenessChecked: count,
    effective: count,
  }),
  feedback: z.object({
    responses: count,
    meanSatisfaction: z.number().nullable(),
    resolvedPercent: share,
    meanHandling: z.number().nullable(),
  }),
  regulatory: regulatoryFiguresSchema,
});
export type PeriodFigures = z.infer<typeof periodFiguresSchema>;
export type RegulatoryFigures = z.infer<typeof regulatoryFiguresSchema>;
export type Breakdown = z.infer<typeof breakdownSchema>;
export type StepTimeliness = z.infer<typeof stepTimelinessSchema>;

export const halfYearSchema = regulatoryFiguresSchema.extend({
  label: z.string().describe('e.g. "2026 H2"'),
  from: monthSchema,
  to: monthSchema.describe("the report's month: the half-year to date"),
});
export type HalfYearFigures = z.infer<typeof halfYearSchema>;

export const monthlyReportSchema = periodFiguresSchema
  .extend({
    kind: z.literal("monthly"),
    organisation: z.string(),
    timezone: z.string(),
    generatedAt: z.iso.datetime(),
    complete: z.boolean().describe("the month has ended: the figures are the archived report"),
    halfYear: halfYearSchema.describe(
      "regulatory figures for the half-year (Jan–Jun or Jul–Dec) to this month",
    ),
    previous: periodFiguresSchema,
    yearAgo: periodFiguresSchema,
  })
  .meta({ id: "MonthlyReport" });
export type MonthlyReport = z.infer<typeof monthlyReportSchema>;

export const archivedReportSchema = z.object({
  id: z.uuid(),
  kind: z.string(),
  period: z.string(),
  generatedAt: z.iso.datetime(),
  generatedById: z.uuid().nullable(),
  distributedAt: z.iso.datetime().nullable(),
  downloads: z.record(z.enum(REPORT_FORMATS), z.string()),
});
export const reportListSchema = z.object({ items: z.array(archivedReportSchema) });

import { z } from "zod";

const WEEKDAY_KEYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
const hhmm = z.string().regex(/^([01]\d|2[0-4]):[0-5]\d$/, "must be a time such as 09:00");
const dayHours = z.tuple([hhmm, hhmm]).readonly().nullable();

/** R4: the organisation's business calendar (DESIGN.md `PUT /api/v1/calendar`). */
export const calendarInputSchema = z.strictObject({
  timezone: z.string().min(1).max(64),
  workingHours: z.strictObject(
    Object.fromEntries(WEEKDAY_KEYS.map((day) => [day, dayHours])) as Record<
      (typeof WEEKDAY_KEYS)[number],
      typeof dayHours
    >,
  ),
  holidays: z
    .array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date such as 2026-12-25"))
    .max(2000)
    .readonly(),
});

/** What GET returns may be PUT back as it is: the read-only fields are accepted and ignored. */
const readOnly = { version: z.number().int().optional(), updatedAt: z.string().optional() };

export const calendarPutSchema = calendarInputSchema.extend(readOnly);

export const calendarSchema = calendarInputSchema
  .extend({ version: z.number().int(), updatedAt: z.iso.datetime() })
  .meta({ id: "Calendar" });

const positive = z.number().positive().max(10_000);

/** R10: keep a case this many years from its closure or receipt; `legalDuty`: erasure is refused meanwhile. */
export const retentionRuleSchema = z.strictObject({
  years: z.number().min(0.25).max(100),
  from: z.enum(["closed", "received"]),
  legalDuty: z.boolean(),
});

export const DEFAULT_RETENTION_SETTINGS = {
  complaint: { years: 6, from: "closed", legalDuty: true },
  incident: { years: 6, from: "closed", legalDuty: true },
  autoArchiveDays: 30,
  viewReasonRequired: false,
} as const;

/** R10/R11: retention per case type, automatic archiving (0: by hand only), reasons for archive views. */
export const retentionPolicySchema = z.strictObject({
  complaint: retentionRuleSchema,
  incident: retentionRuleSchema,
  autoArchiveDays: z.number().int().min(0).max(3650),
  viewReasonRequired: z.boolean(),
});

/** R4/R5: timelines, warning threshold, escalation thresholds and the recurrence rule. */
export const policyInputSchema = z.strictObject({
  acknowledge: z.strictObject({ hours: positive, businessTime: z.boolean() }),
  assignBusinessDays: positive,
  resolveBusinessDays: positive,
  dueSoonPercent: z.number().min(0).max(100),
  escalation: z.strictObject({ level2BusinessDays: positive, level3BusinessDays: positive }),
  recurrence: z.strictObject({
    count: z.number().int().min(1).max(100),
    windowDays: z.number().int().min(1).max(3660),
  }),
  reopenWindowDays: z.number().int().min(0).max(3660),
  fourEyesVerification: z.boolean(),
  autoAcknowledge: z.boolean().default(true),
  followUpBusinessDays: z.number().min(0).max(60).default(3),
  feedback: z
    .strictObject({
      invite: z.boolean(),
      /** 0: no reminder. */
      reminderDays: z.number().int().min(0).max(365),
      expiryDays: z.number().int().min(1).max(365),
    })
    .refine((f) => f.reminderDays < f.expiryDays, {
      message: "reminderDays must be less than expiryDays (a reminder after expiry is never sent)",
      path: ["reminderDays"],
    })
    .default({ invite: true, reminderDays: 7, expiryDays: 30 }),
  sampling: z
    .strictObject({ rule: z.enum(["count", "percent"]), value: z.number().positive().max(1000) })
    .refine((s) => s.rule === "count" || s.value <= 100, {
      message: "a percentage is at most 100",
      path: ["value"],
    })
    .default({ rule: "count", value: 10 }),
  retention: retentionPolicySchema.default(DEFAULT_RETENTION_SETTINGS),
  rootCauseCategories: z.array(z.string().trim().min(1).max(60)).min(1).max(100),
});

export const policyPutSchema = policyInputSchema.extend(readOnly);

export const policySchema = policyInputSchema
  .extend({ version: z.number().int(), updatedAt: z.iso.datetime() })
  .meta({ id: "Policy" });

import { z } from "zod";
import { optional, text } from "./common.schema.js";

const score = z.number().int().min(1).max(5);

/** R9: the standard survey (ISO 10002 8.3): outcome 1–5, resolved yes/no, handling 1–5, a comment. */
export const surveyAnswerSchema = z.strictObject({
  satisfaction: score.describe("How satisfied with the outcome, 1 (not at all) to 5 (very)"),
  resolved: z.boolean().describe("Was the complaint resolved?"),
  handlingSatisfaction: score.describe("How satisfied with the way it was handled, 1 to 5"),
  comment: optional(text(5_000)),
});
export type SurveyAnswer = z.infer<typeof surveyAnswerSchema>;

/** Staff record an answer the customer gave them (by phone, letter, in person or email). */
export const staffSurveyAnswerSchema = surveyAnswerSchema.extend({
  channel: z.enum(["phone", "email", "letter", "in_person"]),
});
export type StaffSurveyAnswer = z.infer<typeof staffSurveyAnswerSchema>;

export const SURVEY_STATES = ["open", "answered", "expired"] as const;

export const surveyResponseSchema = z
  .object({
    satisfaction: z.number().int(),
    resolved: z.boolean(),
    handlingSatisfaction: z.number().int(),
    comment: z.string().nullable(),
    channel: z.string(),
    recordedById: z.uuid().nullable(),
    answeredAt: z.iso.datetime(),
  })
  .meta({ id: "SurveyResponse" });

export const surveyInvitationSchema = z
  .object({
    id: z.uuid(),
    state: z.enum(SURVEY_STATES),
    invitedAt: z.iso.datetime(),
    /** False for a customer without email: ask by phone and record the answer. */
    emailed: z.boolean(),
    remindAt: z.iso.datetime().nullable(),
    remindedAt: z.iso.datetime().nullable(),
    expiresAt: z.iso.datetime(),
    response: surveyResponseSchema.nullable(),
  })
  .meta({ id: "SurveyInvitation" });

export const caseFeedbackSchema = z.object({ items: z.array(surveyInvitationSchema) });

/** What the customer's link shows of the survey. */
export const publicSurveySchema = z
  .object({ state: z.enum(SURVEY_STATES), expiresAt: z.iso.datetime() })
  .nullable();

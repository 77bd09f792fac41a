// R9: the survey answers staff record for a customer, from the dialog's values to the API's body.
export const SURVEY_CHANNELS = ["phone", "email", "letter", "in_person"] as const;
export type SurveyChannel = (typeof SURVEY_CHANNELS)[number];

export interface SurveyValues {
  /** "1"…"5", or "" until chosen. */
  satisfaction: string;
  resolved: "" | "yes" | "no";
  handlingSatisfaction: string;
  comment: string;
  channel: SurveyChannel;
}

export const emptySurveyValues = (): SurveyValues => ({
  satisfaction: "",
  resolved: "",
  handlingSatisfaction: "",
  comment: "",
  channel: "phone",
});

export interface SurveyBody {
  satisfaction: number;
  resolved: boolean;
  handlingSatisfaction: number;
  comment?: string;
  channel: SurveyChannel;
}

/** What is unanswered is left out, so the server names it ("satisfaction is required") next to the field. */
export function surveyBody(v: SurveyValues): SurveyBody {
  const body: Partial<SurveyBody> = { channel: v.channel };
  if (v.satisfaction) body.satisfaction = Number(v.satisfaction);
  if (v.resolved) body.resolved = v.resolved === "yes";
  if (v.handlingSatisfaction) body.handlingSatisfaction = Number(v.handlingSatisfaction);
  if (v.comment.trim()) body.comment = v.comment.trim();
  return body as SurveyBody;
}

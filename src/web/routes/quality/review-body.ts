// R12: a management review's form values and the body of POST /reviews made from them.
import { parseReferences } from "../capa/capa-form";

export interface ReviewActionValues {
  text: string;
  ownerId: string;
  dueDate: string;
  /** References of cases to open a CAPA for this action; empty: no CAPA. */
  capaCases: string;
}

export interface ReviewValues {
  period: string;
  heldOn: string;
  /** One per line. */
  attendees: string;
  reportMonth: string;
  findings: string;
  actions: ReviewActionValues[];
}

export const emptyReviewAction = (): ReviewActionValues => ({
  text: "",
  ownerId: "",
  dueDate: "",
  capaCases: "",
});

export const emptyReview = (period: string, heldOn: string): ReviewValues => ({
  period,
  heldOn,
  attendees: "",
  reportMonth: "",
  findings: "",
  actions: [],
});

/** The CAPA's title is the action's text, cut to the 200 characters a CAPA title may have. */
const capaTitle = (text: string) => (text.length > 200 ? `${text.slice(0, 199)}…` : text);

export function reviewBody(v: ReviewValues) {
  return {
    period: v.period.trim(),
    heldOn: v.heldOn,
    attendees: v.attendees
      .split("\n")
      .map((a) => a.trim())
      .filter(Boolean),
    ...(/^\d{4}-\d{2}$/.test(v.reportMonth.trim()) ? { reportMonth: v.reportMonth.trim() } : {}),
    findings: v.findings.trim(),
    actions: v.actions
      .filter((a) => a.text.trim())
      .map((a) => {
        const text = a.text.trim();
        const cases = parseReferences(a.capaCases);
        return {
          text,
          ...(a.ownerId ? { ownerId: a.ownerId } : {}),
          ...(a.dueDate ? { dueDate: a.dueDate } : {}),
          ...(cases.length
            ? {
                capa: {
                  title: capaTitle(text),
                  caseReferences: cases,
                  dueDate: a.dueDate,
                  ...(a.ownerId ? { ownerId: a.ownerId } : {}),
                },
              }
            : {}),
        };
      }),
  };
}

import { describe, expect, it } from "vitest";
import { emptySurveyValues, surveyBody } from "./survey-answer";

describe("survey answers recorded by staff", () => {
  it("sends scores as numbers, resolved as a boolean and a trimmed comment", () => {
    const body = surveyBody({
      satisfaction: "4",
      resolved: "yes",
      handlingSatisfaction: "5",
      comment: "  Quick and polite  ",
      channel: "phone",
    });
    expect(body).toEqual({
      satisfaction: 4,
      resolved: true,
      handlingSatisfaction: 5,
      comment: "Quick and polite",
      channel: "phone",
    });
  });

  it("sends a 'no' as false, not as a missing answer", () => {
    expect(surveyBody({ ...emptySurveyValues(), resolved: "no" }).resolved).toBe(false);
  });

  it("leaves out what is unanswered, so the server names each missing field", () => {
    expect(surveyBody({ ...emptySurveyValues(), comment: "   ", channel: "letter" })).toEqual({
      channel: "letter",
    });
  });
});

import { describe, expect, it } from "vitest";
import { emptyReview, emptyReviewAction, reviewBody } from "./review-body";

describe("recording a management review", () => {
  it("sends one attendee per line and leaves out empty actions", () => {
    const values = {
      ...emptyReview("2026-04", "2026-05-06"),
      reportMonth: "2026-04",
      attendees: " Morgan Manager \n\nQuinn Quality\n",
      findings: " Breaches up in April. ",
      actions: [
        { ...emptyReviewAction(), text: "Hire a temp for May", dueDate: "2026-05-31" },
        emptyReviewAction(),
      ],
    };
    expect(reviewBody(values)).toEqual({
      period: "2026-04",
      heldOn: "2026-05-06",
      attendees: ["Morgan Manager", "Quinn Quality"],
      reportMonth: "2026-04",
      findings: "Breaches up in April.",
      actions: [{ text: "Hire a temp for May", dueDate: "2026-05-31" }],
    });
  });

  it("reviews no stored report for a quarter", () => {
    expect(
      reviewBody({ ...emptyReview("2026-Q2", "2026-07-03"), reportMonth: "2026-Q2" }),
    ).not.toHaveProperty("reportMonth");
  });

  it("opens a CAPA for an action when cases are named", () => {
    const values = {
      ...emptyReview("2026-04", "2026-05-06"),
      actions: [
        { text: "Retrain the courier", ownerId: "u1", dueDate: "2026-06-01", capaCases: "cmp-2026-000042" },
      ],
    };
    expect(reviewBody(values).actions[0]).toEqual({
      text: "Retrain the courier",
      ownerId: "u1",
      dueDate: "2026-06-01",
      capa: {
        title: "Retrain the courier",
        caseReferences: ["CMP-2026-000042"],
        dueDate: "2026-06-01",
        ownerId: "u1",
      },
    });
  });
});

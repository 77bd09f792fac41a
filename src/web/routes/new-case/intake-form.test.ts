import { describe, expect, it } from "vitest";
import { emptyIntake, intakeBody } from "./intake-form.js";

const toIso = (local: string) => `${local}:00.000Z`;

describe("the intake form's request body", () => {
  it("sends a phone complaint with only what was typed, and no receivedAt when left as now", () => {
    const body = intakeBody(
      {
        ...emptyIntake("2026-03-02T10:00"),
        name: " Jane Doe ",
        phone: "020 7946 0000",
        summary: "Late delivery",
        description: "Ordered on 1 June",
      },
      toIso,
    );
    expect(body).toEqual({
      type: "complaint",
      channel: "phone",
      customer: { name: "Jane Doe", phone: "020 7946 0000" },
      summary: "Late delivery",
      description: "Ordered on 1 June",
    });
  });

  it("sends receivedAt when the agent changed it, and the optional fields that were filled", () => {
    const body = intakeBody(
      {
        ...emptyIntake("2026-03-02T10:00"),
        receivedAt: "2026-03-01T16:30",
        receivedAtChanged: true,
        type: "incident",
        channel: "in_person",
        summary: "Wet floor",
        description: "A visitor slipped",
        severity: "high",
        category: " Safety ",
      },
      toIso,
    );
    expect(body).toEqual({
      type: "incident",
      channel: "in_person",
      receivedAt: "2026-03-01T16:30:00.000Z",
      summary: "Wet floor",
      description: "A visitor slipped",
      severity: "high",
      category: "Safety",
    });
  });

  it("sends a customer with an email but no name, so the server names the missing field", () => {
    const body = intakeBody(
      { ...emptyIntake("x"), email: "a@example.com", summary: "s", description: "d" },
      toIso,
    );
    expect(body.customer).toEqual({ name: "", email: "a@example.com" });
  });
});

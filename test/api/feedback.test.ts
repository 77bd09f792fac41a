import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemActor } from "../../src/server/context.js";
import { queryRows } from "../../src/server/db/client.js";
import { sendSurveyReminders } from "../../src/server/feedback/feedback.service.js";
import type { CreateCaseInput } from "../../src/shared/cases.schema.js";
import { makeCase } from "../factories.js";
import { createTestApp, type TestApp, type TestUser } from "../harness.js";
import { type Crew, makeCrew, resolveCase, step } from "../lifecycle.js";

const DAY = 86_400_000;
const answers = { satisfaction: 4, resolved: true, handlingSatisfaction: 5, comment: "Quick and kind" };

describe("feedback survey after closure (R9)", () => {
  let t: TestApp;
  let crew: Crew;
  let admin: TestUser;
  beforeAll(async () => {
    t = await createTestApp();
    crew = await makeCrew(t);
    admin = await t.user(["admin"]);
  });
  afterAll(() => t.close());

  async function closedCase(overrides: Partial<CreateCaseInput> = {}) {
    const c = await makeCase(t, crew.agent, overrides);
    await resolveCase(t, crew, c.reference);
    await step(t, crew.manager, c.reference, "verify");
    await step(t, crew.agent, c.reference, "customer-confirmation", { confirmed: true, channel: "phone" });
    await step(t, crew.manager, c.reference, "close");
    return c;
  }
  const surveyMails = (caseId: string) =>
    queryRows<{ to_address: string; text_body: string }>(
      t.db,
      sql`SELECT o.to_address, o.text_body FROM outbox o JOIN correspondence c ON c.id = o.correspondence_id
          WHERE o.case_id = ${caseId} AND c.template_key = 'feedback_invitation' ORDER BY o.created_at`,
    );
  const tokenIn = (text: string) => /\/public\/case\/([A-Za-z0-9_-]+)/.exec(text)![1]!;
  const feedbackOf = async (reference: string) =>
    (await t.request({ method: "GET", url: `/api/v1/cases/${reference}/feedback`, as: crew.manager })).json();
  const answer = (token: string, payload: object) =>
    t.request({ method: "POST", url: `/api/v1/public/cases/${token}/feedback`, payload });

  it("invites the customer on closure by email with their link, and takes one answer", async () => {
    const c = await closedCase();
    const survey = await feedbackOf(c.reference);
    expect(survey.items).toHaveLength(1);
    expect(survey.items[0]).toMatchObject({ state: "open", emailed: true, response: null });
    const [mail] = await surveyMails(c.id);
    expect(mail!.to_address).toBe(c.customer!.email);

    const res = await answer(tokenIn(mail!.text_body), answers);
    expect(res.statusCode).toBe(201);
    const again = await answer(tokenIn(mail!.text_body), { ...answers, satisfaction: 1 });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe("survey_answered");

    const view = await t.request({ method: "GET", url: `/api/v1/public/cases/${tokenIn(mail!.text_body)}` });
    expect(view.json().survey).toMatchObject({ state: "answered" });
    const after = await feedbackOf(c.reference);
    expect(after.items[0]).toMatchObject({
      state: "answered",
      response: {
        satisfaction: 4,
        resolved: true,
        handlingSatisfaction: 5,
        comment: "Quick and kind",
        channel: "web",
      },
    });
    const history = (
      await t.request({ method: "GET", url: `/api/v1/cases/${c.reference}/history`, as: crew.manager })
    ).json();
    expect(history.items.map((e: { action: string }) => e.action)).toContain("case.feedback_received");
  });

  it("refuses out-of-range answers and a wrong link, storing nothing", async () => {
    const c = await closedCase();
    const token = tokenIn((await surveyMails(c.id))[0]!.text_body);
    const bad = await answer(token, { ...answers, satisfaction: 6 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe("satisfaction");
    const missing = await answer(token, { satisfaction: 3 });
    expect(missing.statusCode).toBe(400);
    expect((await answer("not-a-real-token", answers)).statusCode).toBe(404);
    expect((await feedbackOf(c.reference)).items[0].state).toBe("open");
  });

  it("reminds once after seven days, not after an answer, and expires after thirty", async () => {
    t.clock.set("2026-04-01T10:00:00Z");
    const quiet = await closedCase();
    const answered = await closedCase();
    await answer(tokenIn((await surveyMails(answered.id))[0]!.text_body), answers);
    const reminders = () => sendSurveyReminders(t.ctx(systemActor("scheduler")));

    t.clock.advance(6 * DAY);
    expect(await reminders()).toBe(0);
    t.clock.advance(1 * DAY);
    expect(await reminders()).toBe(1);
    expect(await reminders()).toBe(0);
    expect(await surveyMails(quiet.id)).toHaveLength(2);
    expect(await surveyMails(answered.id)).toHaveLength(1);
    expect((await feedbackOf(quiet.reference)).items[0].remindedAt).toBe(t.clock.now().toISOString());

    t.clock.advance(23 * DAY);
    expect((await feedbackOf(quiet.reference)).items[0].state).toBe("expired");
    const late = await answer(tokenIn((await surveyMails(quiet.id))[1]!.text_body), answers);
    expect(late.statusCode).toBe(409);
    expect(late.json().code).toBe("survey_expired");
  });

  it("lets staff record a phone-only customer's answers, once", async () => {
    const c = await closedCase({ customer: { name: "Phone Only", phone: "+44 20 7946 0001" } });
    expect((await feedbackOf(c.reference)).items[0]).toMatchObject({
      state: "open",
      emailed: false,
      remindAt: null,
    });
    const record = (payload: object) =>
      t.request({ method: "POST", url: `/api/v1/cases/${c.reference}/feedback`, as: crew.agent, payload });
    const res = await record({ ...answers, channel: "phone" });
    expect(res.statusCode).toBe(201);
    expect(res.json().items[0].response).toMatchObject({ channel: "phone", recordedById: crew.agent.id });
    expect((await record({ ...answers, channel: "phone" })).statusCode).toBe(409);
  });

  it("invites nobody when the policy says so; staff then have nothing to record against", async () => {
    const policy = (await t.request({ method: "GET", url: "/api/v1/policy", as: admin })).json();
    const off = { ...policy, feedback: { invite: false, reminderDays: 7, expiryDays: 30 } };
    expect(
      (await t.request({ method: "PUT", url: "/api/v1/policy", as: admin, payload: off })).statusCode,
    ).toBe(200);
    const bad = { ...policy, feedback: { invite: true, reminderDays: 40, expiryDays: 30 } };
    const refused = await t.request({ method: "PUT", url: "/api/v1/policy", as: admin, payload: bad });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors[0].field).toBe("feedback.reminderDays");

    const c = await closedCase();
    expect((await feedbackOf(c.reference)).items).toEqual([]);
    const res = await t.request({
      method: "POST",
      url: `/api/v1/cases/${c.reference}/feedback`,
      as: crew.agent,
      payload: { ...answers, channel: "phone" },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe("no_survey");
    await t.request({ method: "PUT", url: "/api/v1/policy", as: admin, payload: { ...policy } });
  });

  it("offers the survey on the customer's page and takes the answers from a plain form", async () => {
    const c = await closedCase();
    const token = tokenIn((await surveyMails(c.id))[0]!.text_body);
    const page = await t.request({ method: "GET", url: `/public/case/${token}` });
    expect(page.body).toContain("How did we do?");
    expect(page.body).toContain('name="handlingSatisfaction"');
    const form = (fields: Record<string, string>) =>
      t.request({
        method: "POST",
        url: `/public/case/${token}/survey`,
        headers: { "content-type": "application/x-www-form-urlencoded" },
        payload: new URLSearchParams(fields).toString(),
      });
    const incomplete = await form({ satisfaction: "4" });
    expect(incomplete.statusCode).toBe(400);
    expect(incomplete.body).toContain("Please answer each question.");
    const sent = await form({
      satisfaction: "2",
      resolved: "false",
      handlingSatisfaction: "3",
      comment: "Slow",
    });
    expect(sent.statusCode).toBe(303);
    expect((await feedbackOf(c.reference)).items[0].response).toMatchObject({
      satisfaction: 2,
      resolved: false,
      handlingSatisfaction: 3,
      channel: "web",
    });
    expect((await t.request({ method: "GET", url: `/public/case/${token}` })).body).toContain(
      "Thank you for answering our survey.",
    );
  });
});

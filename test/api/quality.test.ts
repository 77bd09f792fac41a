import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemActor } from "../../src/server/context.js";
import { queryRows } from "../../src/server/db/client.js";
import { remindProcedureReviews } from "../../src/server/quality/procedures.service.js";
import { drawSample } from "../../src/server/quality/sampling.draw.js";
import { drawDueSample } from "../../src/server/quality/sampling.service.js";
import { makeCase } from "../factories.js";
import { createTestApp, type TestApp, type TestUser } from "../harness.js";
import { type Crew, makeCrew, resolveCase, step } from "../lifecycle.js";

const allGood = {
  fieldsComplete: true,
  deadlinesMetOrExplained: true,
  customerInformed: true,
  closureJustified: true,
  recordsAttached: true,
};

describe("quality sampling, management review, procedures (R12–R14)", () => {
  let t: TestApp;
  let crew: Crew;
  let quality: TestUser;
  const closedInMarch: string[] = [];
  beforeAll(async () => {
    t = await createTestApp();
    crew = await makeCrew(t);
    quality = await t.user(["quality"], "Quinn Quality");
    t.clock.set("2026-03-02T10:00:00Z");
    for (let i = 0; i < 12; i++) {
      const c = await makeCase(t, crew.agent);
      await resolveCase(t, crew, c.reference);
      await step(t, crew.manager, c.reference, "verify");
      await step(t, crew.agent, c.reference, "customer-confirmation", { confirmed: true, channel: "phone" });
      await step(t, crew.manager, c.reference, "close");
      closedInMarch.push(c.reference);
    }
    await makeCase(t, crew.agent); // open: never sampled
  });
  afterAll(() => t.close());

  const call = (method: "GET" | "POST" | "PUT", url: string, payload?: object, as: TestUser = quality) =>
    t.request({ method, url: `/api/v1${url}`, as, ...(payload ? { payload } : {}) });

  it("draws last month's sample once, from its closed cases, reproducibly from the stored seed", async () => {
    t.clock.set("2026-04-01T08:00:00Z");
    expect(await drawDueSample(t.ctx(systemActor("scheduler")))).toBe(true);
    expect(await drawDueSample(t.ctx(systemActor("scheduler")))).toBe(false);
    const again = await call("POST", "/samples", { month: "2026-03" });
    expect(again.statusCode).toBe(409);

    const sample = (await call("GET", "/samples/2026-03")).json();
    expect(sample).toMatchObject({ month: "2026-03", population: 12, rule: "10 cases" });
    expect(sample.items).toHaveLength(10);
    expect(
      sample.items.every((i: { caseReference: string }) => closedInMarch.includes(i.caseReference)),
    ).toBe(true);
    // Shared in turn among quality staff and managers (here one of each), quality first.
    const reviewers = sample.items.map((i: { reviewerId: string }) => i.reviewerId);
    expect(reviewers.filter((id: string) => id === quality.id)).toHaveLength(5);
    expect(reviewers.filter((id: string) => id === crew.manager.id)).toHaveLength(5);

    const population = await queryRows<{ id: string; reference: string }>(
      t.db,
      sql`SELECT id, reference FROM cases WHERE status = 'closed'`,
    );
    const redrawn = drawSample(
      population.map((p) => p.id),
      sample.seed,
      10,
    ).map((id) => population.find((p) => p.id === id)!.reference);
    expect(redrawn.sort()).toEqual(
      sample.items.map((i: { caseReference: string }) => i.caseReference).sort(),
    );
  });

  it("refuses a month not yet over and a malformed month", async () => {
    expect((await call("POST", "/samples", { month: "2026-04" })).json().errors[0].field).toBe("month");
    expect((await call("POST", "/samples", { month: "2026-13" })).statusCode).toBe(400);
    expect((await call("POST", "/samples", { month: "March" })).statusCode).toBe(400);
    expect((await call("POST", "/samples", {}, crew.agent)).statusCode).toBe(403);
  });

  it("records checks: all true passes; a failure can raise a CAPA on the sampled case; once only", async () => {
    const sample = (await call("GET", "/samples/2026-03")).json();
    const [first, second] = sample.items;
    const passed = await call("PUT", `/samples/2026-03/items/${first.id}`, { checklist: allGood });
    expect(passed.statusCode).toBe(200);
    const failed = await call("PUT", `/samples/2026-03/items/${second.id}`, {
      checklist: { ...allGood, customerInformed: false },
      notes: "No record that the outcome letter went out",
      capa: { title: "Log outcome letters on the case", dueDate: "2026-05-01" },
    });
    const after = failed.json();
    expect(after.summary).toEqual({ pending: 8, passed: 1, failed: 1 });
    const failedItem = after.items.find((i: { id: string }) => i.id === second.id);
    expect(failedItem).toMatchObject({
      outcome: "fail",
      capaReference: expect.stringMatching(/^CAPA-2026-/),
    });
    const capa = (await call("GET", `/capas/${failedItem.capaReference}`)).json();
    expect(capa.cases.map((c: { reference: string }) => c.reference)).toEqual([second.caseReference]);
    expect((await call("PUT", `/samples/2026-03/items/${first.id}`, { checklist: allGood })).statusCode).toBe(
      409,
    );
  });

  it("records a management review whose actions open CAPAs, and follows them up at the next", async () => {
    const first = await call("POST", "/reviews", {
      period: "2026-Q1",
      heldOn: "2026-04-10",
      attendees: ["Head of Customer Care", "Quality Lead"],
      findings: "Delivery complaints up 20%; outcome letters not always logged.",
      actions: [
        { text: "Review courier contract", ownerId: crew.manager.id, dueDate: "2026-06-30" },
        {
          text: "Raise CAPA on damaged parcels",
          capa: {
            title: "Packaging for fragile goods",
            caseReferences: [closedInMarch[0]],
            dueDate: "2026-06-01",
          },
        },
      ],
    });
    expect(first.statusCode).toBe(201);
    const review = first.json();
    expect(review.actions[1].capaReference).toMatch(/^CAPA-2026-/);

    const unknownReport = await call("POST", "/reviews", {
      period: "2026-03",
      heldOn: "2026-04-11",
      attendees: ["A"],
      reportMonth: "2026-03",
      findings: "x",
    });
    expect(unknownReport.statusCode).toBe(400);
    expect(unknownReport.json().errors[0].field).toBe("reportMonth");

    const next = (
      await call("POST", "/reviews", {
        period: "2026-Q2",
        heldOn: "2026-07-10",
        attendees: ["Head of Customer Care"],
        findings: "Quieter quarter.",
      })
    ).json();
    expect(next.openFromEarlier.map((a: { text: string }) => a.text)).toEqual([
      "Review courier contract",
      "Raise CAPA on damaged parcels",
    ]);
    const done = await call("PUT", `/reviews/${review.id}/actions/${review.actions[0].id}`, {
      status: "done",
      note: "New contract from July",
    });
    expect(done.json().actions[0]).toMatchObject({ status: "done", followUpNote: "New contract from July" });
    expect((await call("GET", `/reviews/${next.id}`)).json().openFromEarlier).toHaveLength(1);
  });

  it("keeps procedures with their document and reminds the owner once before the review date", async () => {
    t.clock.set("2026-04-01T08:00:00Z");
    const bad = await call("POST", "/procedures", {
      title: "Complaint handling",
      version: "3.0",
      effectiveDate: "2026-01-01",
      reviewDate: "2025-12-31",
    });
    expect(bad.json().errors[0].field).toBe("reviewDate");
    const created = (
      await call("POST", "/procedures", {
        title: "Complaint handling",
        version: "3.0",
        effectiveDate: "2026-01-01",
        reviewDate: "2026-04-20",
        ownerId: quality.id,
      })
    ).json();
    expect(created.reviewDue).toBe(true);

    const pdf = Buffer.from(
      "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n",
    );
    const boundary = "----redress";
    const body = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="sop-003.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
      ),
      pdf,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const uploaded = await t.request({
      method: "PUT",
      url: `/api/v1/procedures/${created.id}/document`,
      as: quality,
      headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
      payload: body,
    });
    expect(uploaded.json().document).toMatchObject({
      filename: "sop-003.pdf",
      contentType: "application/pdf",
    });
    const download = await t.request({
      method: "GET",
      url: `/api/v1/procedures/${created.id}/document`,
      as: crew.agent,
    });
    expect(Buffer.from(download.rawPayload).equals(pdf)).toBe(true);

    expect(await remindProcedureReviews(t.ctx(systemActor("scheduler")))).toBe(1);
    expect(await remindProcedureReviews(t.ctx(systemActor("scheduler")))).toBe(0);
    const notices = (await call("GET", "/notifications")).json().items;
    expect(notices.map((n: { message: string }) => n.message)).toContainEqual(
      expect.stringContaining('"Complaint handling" (version 3.0) is due for review on 2026-04-20'),
    );
  });

  it("takes process feedback from any staff member and shows it to quality", async () => {
    const sent = await call(
      "POST",
      "/process-feedback",
      { area: "intake", text: "The form asks for the postcode twice" },
      crew.agent,
    );
    expect(sent.statusCode).toBe(201);
    expect((await call("GET", "/process-feedback", undefined, crew.agent)).statusCode).toBe(403);
    const list = (await call("GET", "/process-feedback")).json();
    expect(list.items[0]).toMatchObject({ area: "intake", authorId: crew.agent.id });
  });
});

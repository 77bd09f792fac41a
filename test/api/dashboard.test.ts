import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeCase } from "../factories.js";
import { createTestApp, type TestApp } from "../harness.js";
import { type Crew, makeCrew, resolveCase, step } from "../lifecycle.js";

describe("manager dashboard (SOP 002 §4.3)", () => {
  let t: TestApp;
  let crew: Crew;
  beforeAll(async () => {
    t = await createTestApp(); // Monday 2 March 2026, 10:00 London
    crew = await makeCrew(t);
  });
  afterAll(() => t.close());

  it("counts open work by status and level, late deadlines, workload and weekly intake — each with its list", async () => {
    await makeCase(t, crew.agent); // new, level 1
    await makeCase(t, crew.agent, { severity: "critical" }); // new, level 3
    // Thursday before, 09:00: acknowledgment (24 h) breached; 2 business days + 1 h unresolved → level 2.
    await makeCase(t, crew.agent, { receivedAt: "2026-02-26T09:00:00Z" });
    const owned = await makeCase(t, crew.agent);
    await step(t, crew.agent, owned.reference, "acknowledge");
    await step(t, crew.manager, owned.reference, "assign", { ownerId: crew.agent.id });
    const resolved = await makeCase(t, crew.agent);
    await resolveCase(t, crew, resolved.reference); // follow-up due in 3 business days
    const capa = await t.request({
      method: "POST",
      url: "/api/v1/capas",
      as: crew.manager,
      payload: { title: "Late", caseReferences: [owned.reference], dueDate: "2026-02-27" },
    });
    expect(capa.statusCode).toBe(201);

    const res = await t.request({ method: "GET", url: "/api/v1/dashboard", as: crew.manager });
    expect(res.statusCode).toBe(200);
    const d = res.json();
    expect(d.open.bySeedStatus).toEqual({ open: 3, in_progress: 2 });
    expect(d.open.byStatus).toMatchObject({ new: 3, assigned: 1, resolved: 1 });
    expect(d.open.byLevel).toEqual({ 1: 3, 2: 1, 3: 1 });
    expect(d.deadlines.breached).toBe(1);
    expect(d.workload).toContainEqual({
      ownerId: crew.agent.id,
      name: expect.any(String),
      open: 2,
      breached: 0,
    });
    expect(d.workload).toContainEqual({ ownerId: null, name: null, open: 3, breached: 1 });
    expect(d.receivedPerWeek).toHaveLength(12);
    expect(d.receivedPerWeek.at(-1)).toEqual({ weekStarting: "2026-03-02", received: 4 });
    expect(d.receivedPerWeek.at(-2)).toEqual({ weekStarting: "2026-02-23", received: 1 });
    expect(d.followUps).toEqual({ pending: 1, overdue: 0 });
    expect(d.capas).toEqual({ overdue: 1, checksDue: 0 });

    // The list behind "breached" holds exactly the breached case.
    const breached = await t.request({ method: "GET", url: d.links.breached, as: crew.manager });
    expect(breached.json().items).toHaveLength(d.deadlines.breached);
  });

  it("is for those who oversee the work, not agents", async () => {
    expect((await t.request({ method: "GET", url: "/api/v1/dashboard", as: crew.agent })).statusCode).toBe(
      403,
    );
  });
});

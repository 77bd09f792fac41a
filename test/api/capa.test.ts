import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../src/server/db/client.js";
import { makeCase } from "../factories.js";
import { createTestApp, type TestApp, type TestUser } from "../harness.js";
import { type Crew, makeCrew, step } from "../lifecycle.js";

describe("corrective and preventive actions (R6)", () => {
  let t: TestApp;
  let crew: Crew;
  let quality: TestUser;
  beforeAll(async () => {
    t = await createTestApp();
    crew = await makeCrew(t);
    quality = await t.user(["quality"], "Quinn Quality");
  });
  afterAll(() => t.close());

  const post = (url: string, payload: object, as: TestUser = quality, headers: Record<string, string> = {}) =>
    t.request({ method: "POST", url: `/api/v1${url}`, as, payload, headers });
  const patch = (reference: string, payload: object, headers: Record<string, string> = {}) =>
    t.request({ method: "PATCH", url: `/api/v1/capas/${reference}`, as: quality, payload, headers });
  const capaCount = async () =>
    (await queryRows<{ n: number }>(t.db, sql`SELECT count(*)::int AS n FROM capas`))[0]!.n;

  async function rootCaused(category: string) {
    const c = await makeCase(t, crew.agent);
    await step(t, crew.agent, c.reference, "acknowledge");
    await step(t, crew.manager, c.reference, "assign", { ownerId: crew.agent.id });
    await step(t, crew.agent, c.reference, "start-investigation");
    const res = await t.request({
      method: "PUT",
      url: `/api/v1/cases/${c.reference}/investigation`,
      as: crew.agent,
      payload: { rootCauseCategory: category, rootCause: "Courier drops parcels over the fence" },
    });
    expect(res.statusCode).toBe(200);
    return c;
  }

  it("raises a CAPA from several cases with a yearly reference, and refuses unknown cases storing nothing", async () => {
    t.clock.set("2026-03-02T10:00:00Z");
    const a = await makeCase(t, crew.agent);
    const b = await makeCase(t, crew.agent);
    const res = await post("/capas", {
      title: "Retrain couriers on safe drop-off",
      caseReferences: [a.reference, b.reference],
      ownerId: crew.manager.id,
      dueDate: "2026-03-31",
      effectivenessCheckDate: "2026-06-30",
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      reference: expect.stringMatching(/^CAPA-2026-\d{4}$/),
      status: "open",
      ownerName: expect.any(String),
      overdue: false,
      cases: expect.arrayContaining([expect.objectContaining({ reference: a.reference })]),
    });
    expect(res.json().cases).toHaveLength(2);

    const before = await capaCount();
    const unknown = await post("/capas", {
      title: "Bad link",
      caseReferences: [a.reference, "CMP-2026-999999"],
      dueDate: "2026-03-31",
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors).toEqual([
      { field: "caseReferences.1", message: expect.stringContaining("CMP-2026-999999") },
    ]);
    const checkFirst = await post("/capas", {
      title: "Check before due",
      caseReferences: [a.reference],
      dueDate: "2026-03-31",
      effectivenessCheckDate: "2026-03-01",
    });
    expect(checkFirst.statusCode).toBe(400);
    expect(checkFirst.json().errors[0].field).toBe("effectivenessCheckDate");
    expect(await capaCount()).toBe(before);
  });

  it("lets agents read CAPAs but not raise them", async () => {
    const c = await makeCase(t, crew.agent);
    const refused = await post(
      "/capas",
      { title: "x", caseReferences: [c.reference], dueDate: "2026-04-01" },
      crew.agent,
    );
    expect(refused.statusCode).toBe(403);
    const list = await t.request({ method: "GET", url: "/api/v1/capas", as: crew.agent });
    expect(list.statusCode).toBe(200);
  });

  it("is checked for effectiveness on its date; not effective reopens it, effective finishes it", async () => {
    t.clock.set("2026-03-02T10:00:00Z");
    const c = await makeCase(t, crew.agent);
    const capa = (
      await post("/capas", {
        title: "Fix the returns label",
        caseReferences: [c.reference],
        dueDate: "2026-03-20",
      })
    ).json();
    const noCheckDate = await patch(capa.reference, { status: "implemented" });
    expect(noCheckDate.statusCode).toBe(400);
    expect(noCheckDate.json().errors[0].field).toBe("effectivenessCheckDate");
    const implemented = await patch(capa.reference, {
      status: "implemented",
      effectivenessCheckDate: "2026-04-15",
    });
    expect(implemented.json()).toMatchObject({ status: "implemented", checkDue: false });

    const early = await post(`/capas/${capa.reference}/effectiveness`, {
      result: "effective",
      evidence: "No repeats",
    });
    expect(early.statusCode).toBe(409);
    expect(early.json().code).toBe("check_not_due");

    t.clock.set("2026-04-15T09:00:00Z");
    const due = await t.request({ method: "GET", url: "/api/v1/capas?due=check", as: quality });
    expect(due.json().items.map((x: { reference: string }) => x.reference)).toContain(capa.reference);

    const failed = await post(`/capas/${capa.reference}/effectiveness`, {
      result: "not_effective",
      evidence: "Three more complaints about the label in April",
    });
    expect(failed.json()).toMatchObject({
      status: "not_effective",
      effectivenessResult: "not_effective",
      overdue: true,
    });
    const overdue = await t.request({ method: "GET", url: "/api/v1/capas?due=overdue", as: quality });
    expect(overdue.json().items.map((x: { reference: string }) => x.reference)).toContain(capa.reference);

    await patch(capa.reference, { status: "in_progress", dueDate: "2026-05-01" });
    await patch(capa.reference, { status: "implemented", effectivenessCheckDate: "2026-05-15" });
    t.clock.set("2026-05-15T09:00:00Z");
    const done = await post(`/capas/${capa.reference}/effectiveness`, {
      result: "effective",
      evidence: "No label complaints for four weeks",
      lessonsLearned: "Test labels with customers before printing",
    });
    expect(done.json()).toMatchObject({ status: "effective", lessonsLearned: expect.any(String) });
    const stuck = await patch(capa.reference, { status: "in_progress" });
    expect(stuck.statusCode).toBe(409);
    expect(stuck.json().code).toBe("capa_status");
  });

  it("puts overdue work in the owner's due list and answers a stale If-Match with 412", async () => {
    t.clock.set("2026-06-01T10:00:00Z");
    const c = await makeCase(t, crew.agent);
    const capa = (
      await post("/capas", {
        title: "Add a phone line for vulnerable customers",
        caseReferences: [c.reference],
        ownerId: quality.id,
        dueDate: "2026-06-05",
      })
    ).json();
    const mine = async () =>
      (await t.request({ method: "GET", url: "/api/v1/capas?owner=me&due=any", as: quality })).json().items;
    expect((await mine()).map((x: { reference: string }) => x.reference)).not.toContain(capa.reference);
    t.clock.set("2026-06-06T10:00:00Z");
    expect((await mine()).map((x: { reference: string }) => x.reference)).toContain(capa.reference);

    const stale = await patch(capa.reference, { title: "Renamed" }, { "if-match": '"7"' });
    expect(stale.statusCode).toBe(412);
    const fresh = await patch(capa.reference, { title: "Renamed" }, { "if-match": `"${capa.version}"` });
    expect(fresh.json()).toMatchObject({ title: "Renamed", version: capa.version + 1 });
  });

  it("groups cases by root cause category, with the CAPAs raised from them", async () => {
    t.clock.set("2026-07-01T10:00:00Z");
    const courier = [
      await rootCaused("supplier"),
      await rootCaused("supplier"),
      await rootCaused("supplier"),
    ];
    await rootCaused("communication");
    const capa = (
      await post("/capas", {
        title: "Change courier",
        caseReferences: [courier[0]!.reference],
        dueDate: "2026-08-01",
      })
    ).json();
    const res = await t.request({ method: "GET", url: "/api/v1/root-causes?days=30", as: quality });
    expect(res.statusCode).toBe(200);
    const groups = res.json().items;
    expect(groups[0]).toMatchObject({
      category: "supplier",
      cases: 3,
      openCases: 3,
      capas: [{ reference: capa.reference, status: "open" }],
    });
    expect(groups.find((g: { category: string }) => g.category === "communication")).toMatchObject({
      cases: 1,
      capas: [],
    });
    expect((await t.request({ method: "GET", url: "/api/v1/root-causes", as: crew.agent })).statusCode).toBe(
      403,
    );
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeCase } from "../factories.js";
import { createTestApp, type TestApp, type TestUser } from "../harness.js";
import { act, type Crew, makeCrew, resolveCase, step } from "../lifecycle.js";

describe("follow-up after resolution (SOP 004 §4)", () => {
  let t: TestApp;
  let crew: Crew;
  let admin: TestUser;
  beforeAll(async () => {
    t = await createTestApp();
    crew = await makeCrew(t);
    admin = await t.user(["admin"]);
  });
  afterAll(() => t.close());

  const followUp = (as: TestUser, reference: string, payload: object) =>
    t.request({ method: "POST", url: `/api/v1/cases/${reference}/follow-up`, as, payload });
  const get = async (reference: string) =>
    (await t.request({ method: "GET", url: `/api/v1/cases/${reference}`, as: crew.manager })).json();

  it("schedules the follow-up three business days after resolution, across the weekend", async () => {
    t.clock.set("2026-03-02T10:00:00Z"); // Monday
    const c = await makeCase(t, crew.agent);
    expect(c.followUp).toBeNull();
    t.clock.set("2026-03-06T15:00:00Z"); // Friday 15:00 London
    const resolved = await resolveCase(t, crew, c.reference);
    // Friday 15:00 + 3 business days (Mon, Tue, Wed) = Wednesday 15:00.
    expect(resolved.followUp).toEqual({
      dueAt: "2026-03-11T15:00:00.000Z",
      state: "on_track",
      completedAt: null,
      completedById: null,
    });
    t.clock.set("2026-03-11T16:00:00Z");
    expect((await get(c.reference)).followUp.state).toBe("breached");
  });

  it("records the contact on the case file, audited, and only once", async () => {
    t.clock.set("2026-03-02T10:00:00Z");
    const c = await makeCase(t, crew.agent);
    await resolveCase(t, crew, c.reference);
    const pending = await t.request({
      method: "GET",
      url: "/api/v1/cases?owner=me&due=follow_up",
      as: crew.agent,
    });
    expect(pending.json().items.map((x: { reference: string }) => x.reference)).toContain(c.reference);
    t.clock.set("2026-03-04T11:00:00Z");
    const res = await followUp(crew.agent, c.reference, {
      kind: "call",
      note: "Customer happy with the refund; no further issues",
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().followUp).toMatchObject({
      state: "met",
      completedAt: "2026-03-04T11:00:00.000Z",
      completedById: crew.agent.id,
    });

    const file = (
      await t.request({ method: "GET", url: `/api/v1/cases/${c.reference}/correspondence`, as: crew.agent })
    ).json();
    expect(file.items).toContainEqual(
      expect.objectContaining({
        kind: "call",
        direction: "outbound",
        body: "Customer happy with the refund; no further issues",
      }),
    );
    const history = (
      await t.request({ method: "GET", url: `/api/v1/cases/${c.reference}/history`, as: crew.manager })
    ).json();
    expect(history.items.map((e: { action: string }) => e.action)).toContain("case.followed_up");

    const dueList = async () =>
      (await t.request({ method: "GET", url: "/api/v1/cases?owner=me&due=follow_up", as: crew.agent }))
        .json()
        .items.map((x: { reference: string }) => x.reference);
    expect(await dueList()).not.toContain(c.reference);

    const again = await followUp(crew.agent, c.reference, { kind: "call", note: "Second call" });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe("already_followed_up");
  });

  it("refuses a follow-up before resolution and a bad body, changing nothing", async () => {
    const c = await makeCase(t, crew.agent);
    const early = await followUp(crew.agent, c.reference, { kind: "call", note: "Too early" });
    expect(early.statusCode).toBe(409);
    expect(early.json()).toMatchObject({ code: "no_follow_up_due" });

    await resolveCase(t, crew, c.reference);
    const before = await get(c.reference);
    const badKind = await followUp(crew.agent, c.reference, { kind: "pigeon", note: "Sent a bird" });
    expect(badKind.statusCode).toBe(400);
    expect(badKind.json().errors[0].field).toBe("kind");
    const future = await followUp(crew.agent, c.reference, {
      kind: "call",
      note: "Tomorrow",
      occurredAt: new Date(t.clock.now().getTime() + 86_400_000).toISOString(),
    });
    expect(future.statusCode).toBe(400);
    expect(future.json().errors[0].field).toBe("occurredAt");
    const after = await get(c.reference);
    expect(after.version).toBe(before.version);
    expect(after.followUp.completedAt).toBeNull();
  });

  it("drops the pending follow-up when the case is reopened and schedules a new one at the next resolution", async () => {
    t.clock.set("2026-03-02T10:00:00Z");
    const c = await makeCase(t, crew.agent);
    await resolveCase(t, crew, c.reference);
    const reopened = await step(t, crew.manager, c.reference, "reopen", { reason: "Refund never arrived" });
    expect(reopened.followUp).toBeNull();
    t.clock.set("2026-03-03T10:00:00Z");
    const again = await step(t, crew.agent, c.reference, "resolve", {
      outcome: "upheld",
      resolution: "Refund re-sent",
    });
    expect(again.followUp?.dueAt).toBe("2026-03-06T10:00:00.000Z");
  });

  it("schedules none when the policy sets zero days", async () => {
    const policy = (await t.request({ method: "GET", url: "/api/v1/policy", as: admin })).json();
    expect(policy.followUpBusinessDays).toBe(3);
    const put = await t.request({
      method: "PUT",
      url: "/api/v1/policy",
      as: admin,
      payload: { ...policy, followUpBusinessDays: 0 },
    });
    expect(put.statusCode).toBe(200);
    const c = await makeCase(t, crew.agent);
    expect((await resolveCase(t, crew, c.reference)).followUp).toBeNull();
    const res = await act(t, crew.agent, c.reference, "follow-up", { kind: "call", note: "x" });
    expect(res.statusCode).toBe(409);
    await t.request({ method: "PUT", url: "/api/v1/policy", as: admin, payload: { ...policy } });
  });
});

import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../src/server/db/client.js";
import { makeCase } from "../factories.js";
import { createTestApp, type TestApp } from "../harness.js";
import { act, type Crew, makeCrew, resolveCase, step } from "../lifecycle.js";

async function historyActions(t: TestApp, caseId: string) {
  const rows = await queryRows<{ action: string }>(
    t.db,
    sql`SELECT action FROM audit_events WHERE case_id = ${caseId} ORDER BY seq`,
  );
  return rows.map((r) => r.action);
}

describe("the complaint procedure, step by step", () => {
  let t: TestApp;
  let crew: Crew;
  beforeAll(async () => {
    t = await createTestApp();
    crew = await makeCrew(t, { agent: "Alice Agent", manager: "Max Manager" });
  });
  afterAll(() => t.close());

  it("runs from new to closed, recording each deadline as met and the closure record", async () => {
    const c = await makeCase(t, crew.agent);
    expect(c.allowedActions).toEqual(["acknowledge", "escalate"]);
    t.clock.advance(30 * 60_000);
    const acknowledged = await step(t, crew.agent, c.reference, "acknowledge", { note: "Called back" });
    expect(acknowledged).toMatchObject({ status: "acknowledged", seedStatus: "open", version: 2 });
    expect(acknowledged.deadlineStatus.acknowledge).toMatchObject({
      state: "met",
      completedAt: "2026-03-02T10:30:00.000Z",
    });
    const assigned = await step(t, crew.manager, c.reference, "assign", { ownerId: crew.agent.id });
    expect(assigned).toMatchObject({
      status: "assigned",
      seedStatus: "in_progress",
      ownerId: crew.agent.id,
      ownerName: "Alice Agent",
    });
    await step(t, crew.agent, c.reference, "start-investigation");
    const resolved = await step(t, crew.agent, c.reference, "resolve", {
      outcome: "partly_upheld",
      resolution: "Refund of the delivery charge",
      remedy: { amountMinor: 495, currency: "GBP" },
    });
    expect(resolved).toMatchObject({
      status: "resolved",
      outcome: "partly_upheld",
      remedy: { amountMinor: 495, currency: "GBP" },
    });
    expect(resolved.deadlineStatus.resolve.state).toBe("met");
    expect(resolved.nextDeadline).toBeNull();
    await step(t, crew.manager, c.reference, "verify");
    await step(t, crew.agent, c.reference, "customer-confirmation", {
      confirmed: true,
      channel: "phone",
      note: "Happy",
    });
    const closed = await step(t, crew.manager, c.reference, "close");
    expect(closed).toMatchObject({ status: "closed", seedStatus: "closed", closedAt: expect.any(String) });
    const closure = (
      await t.request({ method: "GET", url: `/api/v1/cases/${c.reference}/closure`, as: crew.agent })
    ).json();
    expect(closure.record).toMatchObject({
      outcome: "partly_upheld",
      customerConfirmation: "confirmed",
      responsible: {
        owner: { name: "Alice Agent" },
        resolvedBy: { name: "Alice Agent" },
        verifiedBy: { name: "Max Manager" },
        closedBy: { name: "Max Manager" },
      },
    });
    expect(await historyActions(t, c.id)).toEqual([
      "case.created",
      "case.acknowledge",
      "case.assign",
      "case.start_investigation",
      "case.resolve",
      "case.verify",
      "case.customer_confirmation",
      "case.close",
    ]);
    const notices = (await t.request({ method: "GET", url: "/api/v1/notifications", as: crew.agent })).json()
      .items;
    expect(notices[0]).toMatchObject({ kind: "case.assigned", caseId: c.id });
  });

  it("refuses a step from the wrong status with 409 naming the status and the steps allowed now", async () => {
    const c = await makeCase(t, crew.agent);
    const res = await act(t, crew.manager, c.reference, "close");
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({
      code: "invalid_transition",
      currentStatus: "new",
      allowedActions: ["acknowledge", "escalate"],
    });
    expect(res.json().detail).toContain(`case ${c.reference} is new`);
  });

  it("refuses the wrong role with 403 and changes nothing", async () => {
    const c = await makeCase(t, crew.agent);
    await resolveCase(t, crew, c.reference);
    const before = await historyActions(t, c.id);
    const res = await act(t, crew.agent, c.reference, "verify");
    expect(res.statusCode).toBe(403);
    const auditor = await t.user(["auditor"]);
    expect((await act(t, auditor, c.reference, "close")).statusCode).toBe(403);
    expect(await historyActions(t, c.id)).toEqual(before);
  });

  it("lets only the owner (or a manager) investigate and resolve", async () => {
    const c = await makeCase(t, crew.agent);
    await step(t, crew.agent, c.reference, "acknowledge");
    await step(t, crew.manager, c.reference, "assign", { ownerId: crew.agent.id });
    const otherAgent = await t.user(["agent"]);
    const res = await act(t, otherAgent, c.reference, "start-investigation");
    expect(res.statusCode).toBe(403);
    expect(res.json().detail).toContain("own the case");
    expect((await act(t, crew.manager, c.reference, "start-investigation")).statusCode).toBe(200);
  });

  it("answers a stale If-Match with 412 and the current version; a fresh one works", async () => {
    const c = await makeCase(t, crew.agent);
    const stale = await act(t, crew.agent, c.reference, "acknowledge", {}, { "if-match": '"7"' });
    expect(stale.statusCode).toBe(412);
    expect(stale.json()).toMatchObject({ code: "version_conflict", currentVersion: 1 });
    const fresh = await act(t, crew.agent, c.reference, "acknowledge", {}, { "if-match": '"1"' });
    expect(fresh.statusCode).toBe(200);
    expect(fresh.headers.etag).toBe('"2"');
    expect(
      (await act(t, crew.agent, c.reference, "escalate", { reason: "x" }, { "if-match": "soon" })).statusCode,
    ).toBe(400);
  });

  it.each([
    ["escalate", {}, "reason"],
    ["await-customer", { reason: "" }, "reason"],
    ["reopen", {}, "reason"],
    ["assign", { ownerId: "me" }, "ownerId"],
    ["resolve", { outcome: "sort_of", resolution: "x" }, "outcome"],
    [
      "resolve",
      { outcome: "upheld", resolution: "x", remedy: { amountMinor: -1, currency: "GBP" } },
      "remedy.amountMinor",
    ],
    [
      "resolve",
      { outcome: "upheld", resolution: "x", remedy: { amountMinor: 100, currency: "pounds" } },
      "remedy.currency",
    ],
  ])("refuses %s with body %j (400 naming %s)", async (action, body, field) => {
    const c = await makeCase(t, crew.agent);
    const res = await act(t, crew.manager, c.reference, action, body);
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it("refuses a customer-confirmation that is neither an answer nor a reason", async () => {
    const c = await makeCase(t, crew.agent);
    await resolveCase(t, crew, c.reference);
    expect(
      (await act(t, crew.agent, c.reference, "customer-confirmation", { confirmed: true })).statusCode,
    ).toBe(400);
    expect((await act(t, crew.agent, c.reference, "customer-confirmation", {})).statusCode).toBe(400);
  });

  it("replays a repeated step with the same Idempotency-Key, and refuses it without one", async () => {
    const c = await makeCase(t, crew.agent);
    const headers = { "idempotency-key": `ack-${c.reference}` };
    const first = await act(t, crew.agent, c.reference, "acknowledge", {}, headers);
    const again = await act(t, crew.agent, c.reference, "acknowledge", {}, headers);
    expect(again.statusCode).toBe(200);
    expect(again.json().version).toBe(first.json().version);
    expect((await act(t, crew.agent, c.reference, "acknowledge")).statusCode).toBe(409);
  });

  it("returns 404 for an unknown case and for an unknown step", async () => {
    expect((await act(t, crew.agent, "CMP-2026-424242", "acknowledge")).statusCode).toBe(404);
    const c = await makeCase(t, crew.agent);
    expect((await act(t, crew.agent, c.reference, "teleport")).statusCode).toBe(404);
  });
});

describe("closure gate (R8)", () => {
  let t: TestApp;
  let crew: Crew;
  beforeAll(async () => {
    t = await createTestApp();
    crew = await makeCrew(t);
  });
  afterAll(() => t.close());

  it("lists every blocker and closes only when none is left", async () => {
    const c = await makeCase(t, crew.agent);
    await step(t, crew.agent, c.reference, "acknowledge");
    await step(t, crew.manager, c.reference, "assign", { ownerId: crew.agent.id });
    await step(t, crew.agent, c.reference, "start-investigation");
    const item = await t.request({
      method: "POST",
      url: `/api/v1/cases/${c.reference}/action-items`,
      as: crew.agent,
      payload: { text: "Send replacement vase", ownerId: crew.agent.id, dueDate: "2026-03-06" },
    });
    expect(item.statusCode).toBe(201);
    await step(t, crew.agent, c.reference, "resolve", { outcome: "upheld", resolution: "Replacement sent" });
    const blocked = await act(t, crew.manager, c.reference, "close");
    expect(blocked.statusCode).toBe(409);
    expect(blocked.json().blockers).toEqual([
      "1 action item(s) are neither done nor waived",
      "a manager has not verified the resolution (verify)",
      "the customer's acknowledgment is not recorded (customer-confirmation, or a notApplicableReason)",
    ]);
    const url = `/api/v1/cases/${c.reference}/action-items/${item.json().id}`;
    const noReason = await t.request({ method: "PATCH", url, as: crew.agent, payload: { status: "waived" } });
    expect(noReason.statusCode).toBe(400);
    const waived = await t.request({
      method: "PATCH",
      url,
      as: crew.agent,
      payload: { status: "waived", waivedReason: "Customer chose a refund" },
    });
    expect(waived.json()).toMatchObject({ status: "waived", waivedReason: "Customer chose a refund" });
    await step(t, crew.manager, c.reference, "verify");
    await step(t, crew.agent, c.reference, "customer-confirmation", {
      notApplicableReason: "No reply after two reminders",
    });
    const gate = (
      await t.request({ method: "GET", url: `/api/v1/cases/${c.reference}/closure`, as: crew.agent })
    ).json();
    expect(gate).toEqual({ canClose: true, blockers: [], record: null });
    expect((await act(t, crew.manager, c.reference, "close")).statusCode).toBe(200);
  });

  it("sends a rejected resolution back to investigation, asking for verification and confirmation again", async () => {
    const c = await makeCase(t, crew.agent);
    await resolveCase(t, crew, c.reference);
    await step(t, crew.manager, c.reference, "verify");
    const rejected = await step(t, crew.agent, c.reference, "customer-confirmation", {
      confirmed: false,
      channel: "email",
      note: "Refund too small",
    });
    expect(rejected).toMatchObject({
      status: "investigating",
      verifiedAt: null,
      resolvedAt: null,
      customerConfirmation: { state: "rejected" },
    });
    const again = await step(t, crew.agent, c.reference, "resolve", {
      outcome: "upheld",
      resolution: "Full refund",
    });
    expect(again).toMatchObject({ status: "resolved", verifiedAt: null, customerConfirmation: null });
    const blockers = (
      await t.request({ method: "GET", url: `/api/v1/cases/${c.reference}/closure`, as: crew.manager })
    ).json().blockers;
    expect(blockers).toHaveLength(2);
  });

  it("applies four-eyes when the policy asks: the resolver may not verify", async () => {
    const admin = await t.user(["admin"]);
    const policy = (await t.request({ method: "GET", url: "/api/v1/policy", as: admin })).json();
    const put = await t.request({
      method: "PUT",
      url: "/api/v1/policy",
      as: admin,
      payload: { ...policy, fourEyesVerification: true },
    });
    expect(put.statusCode).toBe(200);
    const c = await makeCase(t, crew.agent);
    await step(t, crew.agent, c.reference, "acknowledge");
    await step(t, crew.manager, c.reference, "assign", { ownerId: crew.manager.id });
    await step(t, crew.manager, c.reference, "start-investigation");
    await step(t, crew.manager, c.reference, "resolve", {
      outcome: "not_upheld",
      resolution: "No fault found",
    });
    const res = await act(t, crew.manager, c.reference, "verify");
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe("four_eyes");
    expect((await act(t, crew.senior, c.reference, "verify")).statusCode).toBe(200);
    await t.request({
      method: "PUT",
      url: "/api/v1/policy",
      as: admin,
      payload: { ...policy, fourEyesVerification: false },
    });
  });

  it("needs findings and a root cause before a high-severity case is resolved (ISO 10002 7.6)", async () => {
    const c = await makeCase(t, crew.agent, { severity: "high" });
    await step(t, crew.agent, c.reference, "acknowledge");
    await step(t, crew.manager, c.reference, "assign", { ownerId: crew.agent.id });
    await step(t, crew.agent, c.reference, "start-investigation");
    const early = await act(t, crew.agent, c.reference, "resolve", {
      outcome: "upheld",
      resolution: "Fixed",
    });
    expect(early.statusCode).toBe(409);
    expect(early.json().detail).toContain("findings and a root cause");
    const investigation = `/api/v1/cases/${c.reference}/investigation`;
    const badCategory = await t.request({
      method: "PUT",
      url: investigation,
      as: crew.agent,
      payload: { rootCauseCategory: "gremlins" },
    });
    expect(badCategory.statusCode).toBe(400);
    expect(badCategory.json().errors[0].message).toContain("process");
    const saved = await t.request({
      method: "PUT",
      url: investigation,
      as: crew.agent,
      payload: {
        findings: "Courier dropped it",
        peopleInterviewed: "Driver",
        rootCauseCategory: "supplier",
        rootCause: "Rough handling",
      },
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({ findings: "Courier dropped it", rootCauseCategory: "supplier" });
    expect(
      (await act(t, crew.agent, c.reference, "resolve", { outcome: "upheld", resolution: "Fixed" }))
        .statusCode,
    ).toBe(200);
    const locked = await t.request({
      method: "PUT",
      url: investigation,
      as: crew.agent,
      payload: { findings: "changed" },
    });
    expect(locked.statusCode).toBe(409);
  });

  it("records a decision not to investigate with its reason and who decided (820.198)", async () => {
    const c = await makeCase(t, crew.agent);
    await step(t, crew.agent, c.reference, "acknowledge");
    await step(t, crew.manager, c.reference, "assign", { ownerId: crew.agent.id });
    const res = await t.request({
      method: "PUT",
      url: `/api/v1/cases/${c.reference}/investigation`,
      as: crew.manager,
      payload: { notInvestigatedReason: "Same fault as CMP-2026-000001, already investigated" },
    });
    expect(res.json()).toMatchObject({
      notInvestigatedReason: expect.stringContaining("Same fault"),
      decidedBy: { id: crew.manager.id },
    });
  });

  it("reopens within the policy's window with a reason, and not after it", async () => {
    const c = await makeCase(t, crew.agent);
    await resolveCase(t, crew, c.reference);
    await step(t, crew.manager, c.reference, "verify");
    await step(t, crew.agent, c.reference, "customer-confirmation", { confirmed: true, channel: "phone" });
    await step(t, crew.manager, c.reference, "close");
    const reopened = await step(t, crew.manager, c.reference, "reopen", {
      reason: "Customer called: still broken",
    });
    expect(reopened).toMatchObject({ status: "investigating", closedAt: null, verifiedAt: null });
    await step(t, crew.agent, c.reference, "resolve", { outcome: "upheld", resolution: "Second fix" });
    t.clock.advance(31 * 86_400_000);
    const late = await act(t, crew.manager, c.reference, "reopen", { reason: "Again" });
    expect(late.statusCode).toBe(409);
    expect(late.json().code).toBe("reopen_window_passed");
    t.clock.set("2026-03-02T10:00:00Z");
  });
});

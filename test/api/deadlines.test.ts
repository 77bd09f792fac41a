import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemActor } from "../../src/server/context.js";
import { queryRows } from "../../src/server/db/client.js";
import { runDeadlineAlerts, runEscalationSweep } from "../../src/server/escalation/escalation.sweep.js";
import { makeCase } from "../factories.js";
import { createTestApp, type TestApp, type TestUser } from "../harness.js";
import { act, type Crew, makeCrew, step } from "../lifecycle.js";

const sweep = (t: TestApp) => runEscalationSweep(t.ctx(systemActor("scheduler")));

describe("deadlines, pauses and escalation (R4, R5)", () => {
  let t: TestApp;
  let crew: Crew;
  let admin: TestUser;
  beforeAll(async () => {
    t = await createTestApp();
    crew = await makeCrew(t);
    admin = await t.user(["admin"]);
  });
  afterAll(() => t.close());

  const get = async (reference: string) =>
    (await t.request({ method: "GET", url: `/api/v1/cases/${reference}`, as: crew.manager })).json();

  it("pauses the resolve clock while awaiting the customer and extends it by the business time waited", async () => {
    t.clock.set("2026-03-02T10:00:00Z"); // Monday
    const c = await makeCase(t, crew.agent);
    expect(c.deadlines.resolve).toBe("2026-03-09T10:00:00.000Z");
    await step(t, crew.agent, c.reference, "acknowledge");
    await step(t, crew.manager, c.reference, "assign", { ownerId: crew.agent.id });
    await step(t, crew.agent, c.reference, "start-investigation");
    t.clock.set("2026-03-03T10:00:00Z"); // Tuesday
    const waiting = await step(t, crew.agent, c.reference, "await-customer", {
      reason: "Asked for photos of the damage",
    });
    expect(waiting.deadlineStatus.resolve.state).toBe("paused");
    expect(waiting.nextDeadline).toBeNull();
    t.clock.set("2026-03-05T10:00:00Z"); // Thursday: 16 business hours later
    const resumed = await step(t, crew.agent, c.reference, "resume");
    expect(resumed.deadlines.resolve).toBe("2026-03-11T10:00:00.000Z"); // Mon 10:00 + 16 h → Wed 10:00
    expect(resumed.nextDeadline).toEqual({ step: "resolve", dueAt: "2026-03-11T10:00:00.000Z" });
    const history = (
      await t.request({ method: "GET", url: `/api/v1/cases/${c.reference}/history`, as: crew.agent })
    ).json().items;
    const waited = history.find((e: { action: string }) => e.action === "case.await_customer");
    expect(waited.reason).toBe("Asked for photos of the damage");
    expect(history.at(-1).changes.pausedBusinessMinutes).toEqual({ new: 960 });
  });

  it("lists cases whose next deadline is breached or due soon", async () => {
    t.clock.set("2026-03-09T09:00:00Z"); // Monday 09:00: assign due Monday 17:00 (8 business hours)
    const late = await makeCase(t, crew.agent);
    t.clock.set("2026-03-09T10:00:00Z"); // assign and acknowledge due Tuesday 10:00
    const early = await makeCase(t, crew.agent);
    t.clock.set("2026-03-10T09:30:00Z"); // Tuesday 09:30: inside early's last 25 % (from 04:00)
    const refs = async (due: string) =>
      (await t.request({ method: "GET", url: `/api/v1/cases?due=${due}&limit=200`, as: crew.manager }))
        .json()
        .items.map((c: { reference: string }) => c.reference);
    expect(await refs("soon")).toContain(early.reference);
    expect(await refs("soon")).not.toContain(late.reference);
    expect(await refs("breached")).toContain(late.reference);
    expect(await refs("breached")).not.toContain(early.reference);
    expect((await get(early.reference)).deadlineStatus.assign.state).toBe("due_soon");
    expect((await get(late.reference)).deadlineStatus.assign.state).toBe("breached");
    expect((await get(late.reference)).deadlineStatus.acknowledge.state).toBe("breached"); // 24 h: Tue 09:00
  });

  it("escalates an unresolved case to L2 after 2 business days and L3 after 4, notifying each level once", async () => {
    t.clock.set("2026-03-16T10:00:00Z"); // Monday
    const c = await makeCase(t, crew.agent);
    const paused = await makeCase(t, crew.agent);
    await step(t, crew.agent, paused.reference, "acknowledge");
    await step(t, crew.manager, paused.reference, "assign", { ownerId: crew.agent.id });
    await step(t, crew.agent, paused.reference, "start-investigation");
    await step(t, crew.agent, paused.reference, "await-customer", { reason: "Waiting for the receipt" });
    t.clock.set("2026-03-18T09:59:00Z");
    await sweep(t);
    expect((await get(c.reference)).level).toBe(1);
    t.clock.set("2026-03-18T10:00:00Z"); // exactly 2 business days
    expect((await sweep(t)).escalated).toBeGreaterThanOrEqual(1);
    expect(await get(c.reference)).toMatchObject({ level: 2, levelCause: "elapsed" });
    expect((await sweep(t)).escalated).toBe(0);
    t.clock.set("2026-03-20T10:00:00Z"); // 4 business days
    await sweep(t);
    expect((await get(c.reference)).level).toBe(3);
    expect((await get(paused.reference)).level).toBe(1);
    const mine = async (u: TestUser) =>
      (await t.request({ method: "GET", url: "/api/v1/notifications?limit=200", as: u }))
        .json()
        .items.filter(
          (n: { caseId: string; kind: string }) => n.caseId === c.id && n.kind === "case.escalated",
        );
    expect(await mine(crew.manager)).toHaveLength(1);
    expect(await mine(crew.senior)).toHaveLength(1);
    const levels = await queryRows<{ changes: { level: { new: number } } }>(
      t.db,
      sql`SELECT changes FROM audit_events WHERE case_id = ${c.id} AND action = 'case.escalated' ORDER BY seq`,
    );
    expect(levels.map((r) => r.changes.level.new)).toEqual([2, 3]);
  });

  it("alerts once when a deadline passes: the owner, or the managers while unassigned", async () => {
    t.clock.set("2026-03-23T10:00:00Z");
    const c = await makeCase(t, crew.agent);
    t.clock.set("2026-03-24T10:00:01Z");
    const ctx = t.ctx(systemActor("scheduler"));
    expect((await runDeadlineAlerts(ctx)).alerted).toBeGreaterThanOrEqual(1);
    expect((await runDeadlineAlerts(ctx)).alerted).toBe(0);
    const notices = (
      await t.request({ method: "GET", url: "/api/v1/notifications?unread=true&limit=200", as: crew.manager })
    ).json().items;
    expect(
      notices.filter(
        (n: { caseId: string; kind: string }) => n.caseId === c.id && n.kind === "deadline.breached",
      ),
    ).toHaveLength(1);
    const read = await t.request({
      method: "POST",
      url: "/api/v1/notifications/read",
      as: crew.manager,
      payload: {},
    });
    expect(read.json().marked).toBeGreaterThan(0);
    expect(
      (await t.request({ method: "GET", url: "/api/v1/notifications?unread=true", as: crew.manager })).json()
        .items,
    ).toEqual([]);
  });

  it("escalates by hand with a reason, up to level 3 and no further", async () => {
    t.clock.set("2026-03-23T10:00:00Z");
    const c = await makeCase(t, crew.agent);
    expect(
      (await step(t, crew.agent, c.reference, "escalate", { reason: "Customer is a journalist" })).level,
    ).toBe(2);
    expect(
      (await step(t, crew.agent, c.reference, "escalate", { reason: "Threatens legal action" })).level,
    ).toBe(3);
    const top = await act(t, crew.agent, c.reference, "escalate", { reason: "Again" });
    expect(top.statusCode).toBe(409);
    expect(top.json().code).toBe("already_at_top_level");
  });

  it("re-assesses severity with a reason; becoming critical goes to L3 at once, lowering it keeps the level", async () => {
    const c = await makeCase(t, crew.agent, { severity: "low" });
    const url = `/api/v1/cases/${c.reference}/assessment`;
    expect(
      (await t.request({ method: "PUT", url, as: crew.manager, payload: { severity: "critical" } }))
        .statusCode,
    ).toBe(400);
    expect(
      (
        await t.request({
          method: "PUT",
          url,
          as: crew.agent,
          payload: { severity: "critical", reason: "x" },
        })
      ).statusCode,
    ).toBe(403);
    const auditor = await t.user(["auditor"]);
    expect(
      (await t.request({ method: "PUT", url, as: auditor, payload: { severity: "critical", reason: "x" } }))
        .statusCode,
    ).toBe(403);
    const critical = await t.request({
      method: "PUT",
      url,
      as: crew.manager,
      payload: { severity: "critical", urgency: "immediate", reason: "Injury reported" },
    });
    expect(critical.json()).toMatchObject({
      severity: "critical",
      urgency: "immediate",
      level: 3,
      levelCause: "critical",
    });
    const lowered = await t.request({
      method: "PUT",
      url,
      as: crew.manager,
      payload: { severity: "medium", reason: "No injury after all" },
    });
    expect(lowered.json()).toMatchObject({ severity: "medium", level: 3 });
  });

  it("lets a manager set a case's resolve deadline with a reason", async () => {
    const c = await makeCase(t, crew.agent);
    const url = `/api/v1/cases/${c.reference}/deadlines/resolve`;
    expect(
      (
        await t.request({
          method: "PUT",
          url,
          as: crew.agent,
          payload: { dueAt: "2026-04-30T17:00:00Z", reason: "x" },
        })
      ).statusCode,
    ).toBe(403);
    const before = await t.request({
      method: "PUT",
      url,
      as: crew.manager,
      payload: { dueAt: "2020-01-01T00:00:00Z", reason: "x" },
    });
    expect(before.statusCode).toBe(400);
    const set = await t.request({
      method: "PUT",
      url,
      as: crew.manager,
      payload: { dueAt: "2026-04-30T17:00:00+01:00", reason: "Needs a lab test from the supplier" },
    });
    expect(set.json()).toMatchObject({
      deadlines: { resolve: "2026-04-30T16:00:00.000Z" },
      resolveDueReason: "Needs a lab test from the supplier",
    });
  });

  it("keeps the calendar a case was set under; a new calendar applies to new cases and, when asked, to open ones", async () => {
    t.clock.set("2026-04-06T10:00:00Z"); // Easter Monday, but not yet a holiday in the calendar
    const before = await makeCase(t, crew.agent);
    const calendar = (await t.request({ method: "GET", url: "/api/v1/calendar", as: admin })).json();
    const put = await t.request({
      method: "PUT",
      url: "/api/v1/calendar",
      as: admin,
      payload: { ...calendar, holidays: ["2026-04-07"] },
    });
    expect(put.statusCode).toBe(200);
    expect(put.json().version).toBe(calendar.version + 1);
    const after = await makeCase(t, crew.agent);
    expect(after.calendarVersion).toBe(calendar.version + 1);
    // London is on BST: 10:00Z is 11:00 local. Assign (8 h) skips the Tuesday holiday.
    expect(after.deadlines.assign).toBe("2026-04-08T10:00:00.000Z");
    expect((await get(before.reference)).deadlines.assign).toBe("2026-04-07T10:00:00.000Z");
    const recompute = await t.request({
      method: "POST",
      url: "/api/v1/policy/recompute",
      as: admin,
      payload: { reason: "Easter holidays added" },
    });
    expect(recompute.json().recomputed).toBeGreaterThanOrEqual(1);
    expect(await get(before.reference)).toMatchObject({
      calendarVersion: calendar.version + 1,
      deadlines: { assign: "2026-04-08T10:00:00.000Z" },
    });
  });

  it.each([
    [{ timezone: "Europe/Londres" }, "timezone"],
    [{ workingHours: { mon: ["17:00", "09:00"] } }, "workingHours.mon"],
    [{ workingHours: { mon: ["9am", "17:00"] } }, "workingHours.mon"],
    [{ holidays: ["2026-02-30"] }, "holidays"],
    [
      { workingHours: { mon: null, tue: null, wed: null, thu: null, fri: null, sat: null, sun: null } },
      "workingHours",
    ],
  ])("refuses the calendar change %j with 400 naming %s", async (change, field) => {
    const calendar = (await t.request({ method: "GET", url: "/api/v1/calendar", as: admin })).json();
    const hours = "workingHours" in change ? change.workingHours : {};
    const payload = { ...calendar, ...change, workingHours: { ...calendar.workingHours, ...hours } };
    const res = await t.request({ method: "PUT", url: "/api/v1/calendar", as: admin, payload });
    expect(res.statusCode).toBe(400);
    expect(
      res
        .json()
        .errors.map((e: { field: string }) => e.field)
        .join(),
    ).toContain(field);
    expect((await t.request({ method: "GET", url: "/api/v1/calendar", as: admin })).json().version).toBe(
      calendar.version,
    );
  });
});

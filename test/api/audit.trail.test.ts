import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runNightlyAuditVerification } from "../../src/server/audit/audit.alerts.js";
import { systemActor } from "../../src/server/context.js";
import { queryRows } from "../../src/server/db/client.js";
import { makeCase } from "../factories.js";
import { createTestApp, type TestApp, type TestUser } from "../harness.js";
import { type Crew, makeCrew, step } from "../lifecycle.js";

describe("the audit trail for auditors, and alerts when it breaks (R2)", () => {
  let t: TestApp;
  let crew: Crew;
  let auditor: TestUser;
  let admin: TestUser;
  beforeAll(async () => {
    t = await createTestApp();
    crew = await makeCrew(t, { agent: "Alice Agent" });
    auditor = await t.user(["auditor"]);
    admin = await t.user(["admin"]);
  });
  afterAll(() => t.close());

  const trail = (query: string, as: TestUser = auditor) =>
    t.request({ method: "GET", url: `/api/v1/audit/events${query}`, as });
  const alerts = () =>
    queryRows<{ message: string }>(
      t.db,
      sql`SELECT message FROM notifications WHERE kind = 'audit.broken' AND user_id = ${admin.id}`,
    );

  it("lists the whole trail newest first, filtered by case, action kind and actor, page by page", async () => {
    const a = await makeCase(t, crew.agent, { customer: { name: "Ann Example", email: "ann@example.com" } });
    await makeCase(t, crew.agent);
    await step(t, crew.agent, a.reference, "acknowledge", { note: "called Ann back" });
    const ofCase = (await trail(`?case=${a.reference}`)).json();
    expect(ofCase.items.map((e: { action: string }) => e.action)).toEqual([
      "case.acknowledge",
      "case.created",
    ]);
    expect(ofCase.items[1]).toMatchObject({
      caseReference: a.reference,
      actor: { id: crew.agent.id, name: "Alice Agent" },
      changes: { customerName: { new: "Ann Example" } },
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    const customers = (await trail("?action=customer.*")).json();
    expect(customers.items.every((e: { action: string }) => e.action.startsWith("customer."))).toBe(true);
    expect(customers.items.length).toBeGreaterThanOrEqual(2);
    const first = (await trail(`?actor=${crew.agent.id}&limit=2`)).json();
    const second = (await trail(`?actor=${crew.agent.id}&limit=2&cursor=${first.nextCursor}`)).json();
    expect(first.items[1].id).toBeGreaterThan(second.items[0].id);
    expect((await trail("?case=CMP-2026-999999")).statusCode).toBe(404);
    expect((await trail("?action=DROP TABLE")).statusCode).toBe(400);
    expect((await trail("", crew.agent)).statusCode).toBe(403);
  });

  it("exports the filtered trail as CSV", async () => {
    const res = await t.request({
      method: "GET",
      url: "/api/v1/audit/events/export?action=case.created",
      as: auditor,
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toContain("text/csv");
    const lines = res.body
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\n");
    expect(lines[0]).toBe(
      "id,at,stream,seq,action,actor kind,actor id,actor name,source,case,changes,reason,hash",
    );
    expect(lines.slice(1).every((line) => line.includes(",case.created,"))).toBe(true);
    expect(lines).toHaveLength(3);
  });

  it("keeps archived cases' events from those who may not see archived cases, and logs who saw them", async () => {
    const records = await t.user(["records"]);
    const quality = await t.user(["quality"]);
    const c = await makeCase(t, crew.agent);
    await step(t, crew.agent, c.reference, "acknowledge");
    await t.db.execute(sql`UPDATE cases SET status = 'archived' WHERE id = ${c.id}`);
    expect((await trail(`?case=${c.reference}`, quality)).statusCode).toBe(404);
    const seenByQuality = (await trail("?limit=1000", quality)).json().items as {
      caseReference: string | null;
    }[];
    expect(seenByQuality.some((e) => e.caseReference === c.reference)).toBe(false);
    const seen = (await trail(`?case=${c.reference}`, records)).json().items as { action: string }[];
    expect(seen.map((e) => e.action)).toEqual(["case.acknowledge", "case.created"]);
    const views = await queryRows<{ actor_id: string; changes: { view: { new: string } } }>(
      t.db,
      sql`SELECT actor_id, changes FROM audit_events WHERE case_id = ${c.id} AND action = 'case.viewed'`,
    );
    expect(views).toEqual([{ actor_id: records.id, changes: { view: { new: "/audit/events" } } }]);
  });

  it("verifies the trail once a night, across instances, and says nothing while it is whole", async () => {
    const ctx = t.ctx(systemActor("scheduler"));
    t.clock.set("2026-03-02T00:30:00Z"); // before 01:00 in London: not yet
    expect(await runNightlyAuditVerification(ctx)).toEqual({ verified: false });
    t.clock.set("2026-03-02T01:30:00Z");
    const [one, two] = await Promise.all([
      runNightlyAuditVerification(ctx),
      runNightlyAuditVerification(ctx),
    ]);
    expect([one, two].filter((r) => r.verified)).toEqual([{ verified: true, ok: true }]);
    expect(await alerts()).toEqual([]);
    t.clock.set("2026-03-02T10:00:00Z");
  });

  it("alerts the admins, naming the first bad event, when an event was altered — once a day, not every check", async () => {
    const c = await makeCase(t, crew.agent);
    const [event] = await queryRows<{ id: number }>(
      t.db,
      sql`SELECT id FROM audit_events WHERE case_id = ${c.id}`,
    );
    await t.db.transaction(async (tx) => {
      await tx.execute(sql`ALTER TABLE audit_events DISABLE TRIGGER ALL`);
      await tx.execute(sql`UPDATE audit_events SET action = 'case.tampered' WHERE id = ${event!.id}`);
      await tx.execute(sql`ALTER TABLE audit_events ENABLE TRIGGER ALL`);
    });
    const res = await t.request({ method: "GET", url: "/api/v1/audit/verify", as: auditor });
    expect(res.json()).toMatchObject({ ok: false, firstBrokenEvent: event!.id });
    await t.request({ method: "GET", url: "/api/v1/audit/verify", as: auditor });
    t.clock.set("2026-03-03T02:00:00Z");
    expect(await runNightlyAuditVerification(t.ctx(systemActor("scheduler")))).toEqual({
      verified: true,
      ok: false,
    });
    const told = await alerts();
    expect(told).toHaveLength(1);
    expect(told[0]!.message).toContain(`first bad event: ${event!.id}`);
  });
});

import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sealAuditHeads } from "../../src/server/audit/audit.sealer.js";
import { appendAudit } from "../../src/server/audit/audit.service.js";
import { verifyAuditTrail } from "../../src/server/audit/audit.verify.js";
import { queryRows } from "../../src/server/db/client.js";
import { makeCase } from "../factories.js";
import { createTestApp, type TestApp, type TestUser } from "../harness.js";

/** Runs SQL with the append-only triggers switched off: what an attacker with database access could do. */
async function tamper(t: TestApp, statement: ReturnType<typeof sql>) {
  await t.db.transaction(async (tx) => {
    await tx.execute(sql`ALTER TABLE audit_events DISABLE TRIGGER ALL`);
    await tx.execute(statement);
    await tx.execute(sql`ALTER TABLE audit_events ENABLE TRIGGER ALL`);
  });
}

describe("audit trail", () => {
  let t: TestApp;
  let agent: TestUser;
  let auditor: TestUser;
  beforeAll(async () => {
    t = await createTestApp();
    agent = await t.user(["agent"]);
    auditor = await t.user(["auditor"]);
  });
  afterAll(() => t.close());

  it("records who created a case, when, from where, with every value, oldest first", async () => {
    const c = await makeCase(t, agent, { category: "billing" });
    const res = await t.request({ method: "GET", url: `/api/v1/cases/${c.reference}/history`, as: auditor });
    expect(res.statusCode).toBe(200);
    const [created] = res.json().items;
    expect(created).toMatchObject({
      seq: 1,
      action: "case.created",
      at: "2026-03-02T10:00:00.000Z",
      actor: { kind: "user", id: agent.id, name: expect.stringContaining("agent") },
      source: expect.stringMatching(/^token:/),
    });
    expect(created.changes).toMatchObject({
      reference: { new: c.reference },
      summary: { new: c.summary },
      category: { new: "billing" },
      status: { new: "new" },
    });
  });

  it("keeps personal values out of the hashed event: only salted digests are stored there", async () => {
    const c = await makeCase(t, agent, { summary: "Jane's hearing aid failed" });
    const [row] = await queryRows<{ changes: Record<string, { new: unknown }> }>(
      t.db,
      sql`SELECT changes FROM audit_events WHERE case_id = ${c.id}`,
    );
    expect(JSON.stringify(row!.changes)).not.toContain("hearing aid");
    expect(row!.changes.summary!.new).toEqual({ $pd: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });

  /** The database's own message for a refused statement (Drizzle wraps it in `cause`). */
  const failure = (statement: ReturnType<typeof sql>) =>
    t.db.execute(statement).then(
      () => "no error",
      (error: Error) => String((error.cause as Error | undefined)?.message ?? error.message),
    );

  it("is append-only in the database itself", async () => {
    await makeCase(t, agent);
    expect(await failure(sql`UPDATE audit_events SET action = 'x'`)).toMatch(/append-only/);
    expect(await failure(sql`DELETE FROM audit_events`)).toMatch(/append-only/);
    expect(await failure(sql`TRUNCATE audit_events CASCADE`)).toMatch(/append-only/);
    expect(await failure(sql`UPDATE audit_personal SET values = '{}'::jsonb`)).toMatch(/only be erased/);
    expect(await failure(sql`DELETE FROM audit_personal`)).toMatch(/only be erased/);
    expect((await verifyAuditTrail(t.db)).ok).toBe(true);
  });

  it("verifies through the API and chains each stream from its first event", async () => {
    const res = await t.request({ method: "GET", url: "/api/v1/audit/verify", as: auditor });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ ok: true, problems: [] });
    expect(res.json().events).toBeGreaterThan(5);
    expect((await t.request({ method: "GET", url: "/api/v1/audit/verify", as: agent })).statusCode).toBe(403);
  });

  it("detects an edited event and names it", async () => {
    const c = await makeCase(t, agent);
    const [event] = await queryRows<{ id: number }>(
      t.db,
      sql`SELECT id FROM audit_events WHERE case_id = ${c.id}`,
    );
    await tamper(
      t,
      sql`UPDATE audit_events SET changes = changes || '{"forged":{"new":"low"}}' WHERE id = ${event!.id}`,
    );
    const result = await verifyAuditTrail(t.db);
    expect(result.ok).toBe(false);
    expect(result.firstBrokenEvent).toBe(Number(event!.id));
    await tamper(t, sql`UPDATE audit_events SET changes = changes - 'forged' WHERE id = ${event!.id}`);
    expect((await verifyAuditTrail(t.db)).ok).toBe(true);
  });

  it("detects a removed event in the middle of a stream and at its end", async () => {
    const stream = "case:00000000-0000-4000-8000-00000000abcd";
    await t.db.transaction(async (tx) => {
      for (const action of ["one", "two", "three"]) {
        await appendAudit(tx, agent.actor, t.clock.now(), { stream, action, changes: {} });
      }
    });
    const ids = await queryRows<{ id: number }>(
      t.db,
      sql`SELECT id FROM audit_events WHERE stream = ${stream} ORDER BY seq`,
    );
    await tamper(t, sql`DELETE FROM audit_events WHERE id = ${ids[1]!.id}`);
    const middle = await verifyAuditTrail(t.db);
    expect(middle.ok).toBe(false);
    expect(middle.firstBrokenEvent).toBe(Number(ids[2]!.id));
    await tamper(t, sql`DELETE FROM audit_events WHERE stream = ${stream}`);
    const gone = await verifyAuditTrail(t.db);
    expect(gone.ok).toBe(false);
    expect(gone.problems.join()).toContain(stream);
    await t.db.execute(sql`DELETE FROM audit_heads WHERE stream = ${stream}`);
  });

  it("detects a whole history removed after sealing, heads and all", async () => {
    const c = await makeCase(t, agent);
    const sealed = await sealAuditHeads(t.db, t.clock.now());
    expect(sealed.sealed).toBeGreaterThan(0);
    expect((await verifyAuditTrail(t.db)).ok).toBe(true);
    await tamper(t, sql`DELETE FROM audit_events WHERE case_id = ${c.id}`);
    await t.db.execute(sql`DELETE FROM audit_heads WHERE stream = ${`case:${c.id}`}`);
    const result = await verifyAuditTrail(t.db);
    expect(result.ok).toBe(false);
    expect(result.problems.join()).toMatch(/seal \d+: it vouches for case:/);
  });

  it("still verifies after personal values are erased, and shows them as erased", async () => {
    const fresh = await createTestApp();
    try {
      const a = await fresh.user(["agent"]);
      const c = await makeCase(fresh, a, { summary: "Mr Jones's fridge leaked" });
      await fresh.db.execute(
        sql`UPDATE audit_personal SET values = NULL, erased_at = now() WHERE event_id IN (SELECT id FROM audit_events WHERE case_id = ${c.id})`,
      );
      expect((await verifyAuditTrail(fresh.db)).ok).toBe(true);
      const history = (
        await fresh.request({ method: "GET", url: `/api/v1/cases/${c.reference}/history`, as: a })
      ).json();
      expect(history.items[0].changes.summary).toEqual({ new: "[erased]" });
      expect(history.items[0].changes.channel).toEqual({ new: "phone" });
    } finally {
      await fresh.close();
    }
  });

  it("detects a personal value edited behind its digest", async () => {
    const fresh = await createTestApp();
    try {
      const a = await fresh.user(["agent"]);
      const c = await makeCase(fresh, a);
      await fresh.db.transaction(async (tx) => {
        await tx.execute(sql`ALTER TABLE audit_personal DISABLE TRIGGER USER`);
        await tx.execute(sql`UPDATE audit_personal SET values = jsonb_set(values, '{summary.new,v}', '"forged"')
          WHERE event_id IN (SELECT id FROM audit_events WHERE case_id = ${c.id})`);
        await tx.execute(sql`ALTER TABLE audit_personal ENABLE TRIGGER USER`);
      });
      const result = await verifyAuditTrail(fresh.db);
      expect(result.ok).toBe(false);
      expect(result.problems.join()).toContain("no longer matches its digest");
    } finally {
      await fresh.close();
    }
  });

  it("seals once per round even when two sealers race", async () => {
    await makeCase(t, agent);
    const [a, b] = await Promise.all([
      sealAuditHeads(t.db, t.clock.now()),
      sealAuditHeads(t.db, t.clock.now()),
    ]);
    expect(a.sealed + b.sealed).toBeGreaterThan(0);
    expect(Math.min(a.sealed, b.sealed)).toBe(0);
    expect((await sealAuditHeads(t.db, t.clock.now())).sealed).toBe(0);
  });
});

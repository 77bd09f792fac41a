import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyAuditTrail } from "../../src/server/audit/audit.verify.js";
import { systemActor } from "../../src/server/context.js";
import { queryRows } from "../../src/server/db/client.js";
import { listCasesPastRetention } from "../../src/server/records/disposal.service.js";
import type { CaseView } from "../../src/shared/cases.schema.js";
import { makeCase } from "../factories.js";
import { createTestApp, type TestApp, type TestUser } from "../harness.js";
import { type Crew, makeCrew } from "../lifecycle.js";
import { archive, closedCaseWithFile, reportCounts } from "../records.js";

describe("legal holds and disposal (R10)", () => {
  let t: TestApp;
  let crew: Crew;
  let records: TestUser;
  let auditor: TestUser;
  let held: CaseView;
  let free: CaseView;
  beforeAll(async () => {
    t = await createTestApp();
    crew = await makeCrew(t);
    records = await t.user(["records"], "Rita Records");
    auditor = await t.user(["auditor"]);
    held = await closedCaseWithFile(t, crew);
    free = await closedCaseWithFile(t, crew, { name: "Sam Single", email: "sam@example.com" });
    await archive(t, records, held.reference);
    await archive(t, records, free.reference);
  });
  afterAll(() => t.close());

  const hold = (
    reference: string,
    as: TestUser,
    payload: object = { reason: "claim filed in county court" },
  ) => t.request({ method: "POST", url: `/api/v1/cases/${reference}/legal-hold`, as, payload });
  const approve = (references: string[], as = records) =>
    t.request({
      method: "POST",
      url: "/api/v1/records/disposals",
      as,
      payload: { references, reason: "retention schedule, batch 2032-03" },
    });

  it("places a legal hold with its reason, shows it on the case and in the list, and refuses a second", async () => {
    const res = await hold(held.reference, records);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      reference: held.reference,
      reason: "claim filed in county court",
      placedBy: { id: records.id, name: "Rita Records" },
      releasedAt: null,
    });
    expect((await hold(held.reference, records)).statusCode).toBe(409);
    expect((await hold(held.reference, crew.manager)).statusCode).toBe(403);
    expect((await hold("CMP-2026-999999", records)).statusCode).toBe(404);
    expect((await hold(held.reference, records, {})).statusCode).toBe(400);
    const list = await t.request({ method: "GET", url: "/api/v1/records/legal-holds", as: auditor });
    expect(list.json().items.map((h: { reference: string }) => h.reference)).toEqual([held.reference]);
    const shown = await t.request({ method: "GET", url: `/api/v1/cases/${held.reference}`, as: auditor });
    expect(shown.json().retention).toMatchObject({ legalHold: true });
  });

  it("queues archived cases once they are past retention, exactly once, and tells records management", async () => {
    const ctx = t.ctx(systemActor("scheduler"));
    expect((await listCasesPastRetention(ctx)).listed).toBe(0);
    t.clock.set("2032-03-02T10:00:01Z");
    const [first, second] = await Promise.all([listCasesPastRetention(ctx), listCasesPastRetention(ctx)]);
    expect(first.listed + second.listed).toBe(2);
    const queue = (
      await t.request({ method: "GET", url: "/api/v1/records/disposal-queue", as: records })
    ).json();
    expect(
      queue.items.map((c: { reference: string; legalHold: boolean }) => [c.reference, c.legalHold]),
    ).toEqual([
      [held.reference, true],
      [free.reference, false],
    ]);
    expect(queue.items[0].rule).toBe("complaint: 6 years from closure (legal duty)");
    const notices = await queryRows<{ n: number }>(
      t.db,
      sql`SELECT count(*)::int AS n FROM notifications WHERE kind = 'disposal.due' AND user_id = ${records.id}`,
    );
    expect(notices[0]!.n).toBe(1);
  });

  it("refuses a batch with a case under hold, naming it, and disposes of nothing", async () => {
    const res = await approve([held.reference, free.reference]);
    expect(res.statusCode).toBe(409);
    expect(res.json().detail).toContain(`${held.reference}: under legal hold`);
    expect(res.json().problems).toHaveLength(1);
    const [row] = await queryRows<{ n: number }>(
      t.db,
      sql`SELECT count(*)::int AS n FROM cases WHERE disposed_at IS NOT NULL`,
    );
    expect(row!.n).toBe(0);
    expect((await approve(["CMP-2026-999999"])).json().detail).toContain("no such case");
    expect((await approve([free.reference], auditor)).statusCode).toBe(403);
  });

  it("disposes of an approved batch: keeps an anonymous skeleton, registers it, reports keep their counts", async () => {
    const before = await reportCounts(t);
    const res = await approve([free.reference]);
    expect(res.statusCode).toBe(201);
    const [entry] = res.json().disposed;
    expect(entry).toMatchObject({
      reference: free.reference,
      rule: "complaint: 6 years from closure (legal duty)",
      reason: "retention schedule, batch 2032-03",
      disposedBy: { id: records.id },
      removed: { messages: expect.any(Number), files: 1, bundles: 1, auditValues: expect.any(Number) },
    });
    const bodies = await queryRows<{ body: string; to_address: string | null }>(
      t.db,
      sql`SELECT body, to_address FROM correspondence WHERE case_id = ${free.id}`,
    );
    expect(bodies.length).toBe(entry.removed.messages);
    expect(new Set(bodies.map((b) => `${b.body}|${b.to_address}`))).toEqual(new Set(["[disposed]|null"]));
    const skeleton = (
      await t.request({ method: "GET", url: `/api/v1/cases/${free.reference}`, as: auditor })
    ).json();
    expect(skeleton).toMatchObject({
      summary: "[disposed]",
      description: "[disposed]",
      type: "complaint",
      channel: "phone",
      outcome: "upheld",
      receivedAt: free.receivedAt,
      closedAt: free.closedAt,
      customer: { id: free.customer!.id, name: null, email: null, phone: null },
      retention: { disposedAt: "2032-03-02T10:00:01.000Z" },
    });
    const history = (
      await t.request({ method: "GET", url: `/api/v1/cases/${free.reference}/history`, as: auditor })
    ).json().items as { action: string; changes: Record<string, unknown> }[];
    expect(JSON.stringify(history)).not.toContain("Sam Single");
    expect(history.find((e) => e.action === "case.created")?.changes.summary).toEqual({ new: "[erased]" });
    const files = await queryRows<{ n: number }>(
      t.db,
      sql`SELECT count(*)::int AS n FROM attachments WHERE case_id = ${free.id}`,
    );
    expect(files[0]!.n).toBe(0);
    const bundle = await t.request({
      method: "GET",
      url: `/api/v1/cases/${free.reference}/archive-bundle`,
      as: auditor,
    });
    expect(bundle.statusCode).toBe(410);
    const register = (
      await t.request({ method: "GET", url: "/api/v1/records/disposal-register", as: auditor })
    ).json();
    expect(register.items.map((e: { reference: string }) => e.reference)).toEqual([free.reference]);
    expect(await reportCounts(t)).toEqual(before);
    expect(await verifyAuditTrail(t.db)).toMatchObject({ ok: true, problems: [] });
    expect((await approve([free.reference])).json().detail).toContain("already disposed of");
  });

  it("keeps the held case whole until the hold is released, then disposes of it", async () => {
    const before = await queryRows<{ summary: string }>(
      t.db,
      sql`SELECT summary FROM cases WHERE id = ${held.id}`,
    );
    expect(before[0]!.summary).toBe("Hearing aid stopped working");
    const released = await t.request({
      method: "DELETE",
      url: `/api/v1/cases/${held.reference}/legal-hold`,
      as: records,
      payload: { reason: "claim settled" },
    });
    expect(released.statusCode).toBe(200);
    expect(released.json()).toMatchObject({
      releasedAt: "2032-03-02T10:00:01.000Z",
      releaseReason: "claim settled",
    });
    const again = await t.request({
      method: "DELETE",
      url: `/api/v1/cases/${held.reference}/legal-hold`,
      as: records,
    });
    expect(again.statusCode).toBe(409);
    expect((await approve([held.reference])).statusCode).toBe(201);
    const all = (
      await t.request({ method: "GET", url: "/api/v1/records/legal-holds?state=all", as: auditor })
    ).json();
    expect(all.items[0]).toMatchObject({ reference: held.reference, releaseReason: "claim settled" });
  });

  it("erases a customer whose every case has been disposed of, and keeps one who still has a live case", async () => {
    const customer = await queryRows<{ name: string | null; erased_at: Date | null }>(
      t.db,
      sql`SELECT name, erased_at FROM customers WHERE id = ${free.customer!.id}`,
    );
    expect(customer[0]!.name).toBeNull();
    expect(customer[0]!.erased_at).not.toBeNull();
    const live = await makeCase(t, crew.agent, {
      customer: { name: "Sam Single", email: "sam@example.com" },
    });
    expect(live.customer?.id).not.toBe(free.customer!.id);
  });
});

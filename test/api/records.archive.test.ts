import { createHash, randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { systemActor } from "../../src/server/context.js";
import { queryRows } from "../../src/server/db/client.js";
import { runAutoArchive } from "../../src/server/records/archive.service.js";
import { makeCase } from "../factories.js";
import { createTestApp, type TestApp, type TestUser } from "../harness.js";
import { act, type Crew, makeCrew } from "../lifecycle.js";
import {
  actionsOf,
  archive,
  closeCase,
  closedCaseWithFile,
  failure,
  PDF,
  setRetention,
  text,
  unzip,
} from "../records.js";

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

describe("archiving (R10): read-only records, the archive register, logged views", () => {
  let t: TestApp;
  let crew: Crew;
  let records: TestUser;
  let auditor: TestUser;
  let admin: TestUser;
  beforeAll(async () => {
    t = await createTestApp();
    crew = await makeCrew(t);
    records = await t.user(["records"], "Rita Records");
    auditor = await t.user(["auditor"]);
    admin = await t.user(["admin"]);
  });
  afterAll(() => t.close());

  it("archives a closed case by hand and registers who, when and the SHA-256 of its bundle", async () => {
    const c = await closedCaseWithFile(t, crew);
    const archived = await archive(t, records, c.reference, "file complete");
    expect(archived).toMatchObject({ status: "archived", seedStatus: "closed", allowedActions: [] });
    const register = await t.request({ method: "GET", url: "/api/v1/records/archive-register", as: auditor });
    expect(register.statusCode).toBe(200);
    const entry = register.json().items.find((e: { reference: string }) => e.reference === c.reference);
    expect(entry).toMatchObject({
      event: "archived",
      by: { id: records.id, name: "Rita Records" },
      reason: "file complete",
      at: "2026-03-02T10:00:00.000Z",
      bundleSha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      bundleDisposedAt: null,
    });

    const download = await t.request({
      method: "GET",
      url: `/api/v1/cases/${c.reference}/archive-bundle`,
      as: auditor,
    });
    expect(download.statusCode).toBe(200);
    expect(download.headers["content-type"]).toBe("application/zip");
    expect(sha256(download.rawPayload)).toBe(entry.bundleSha256);
    expect(download.rawPayload.byteLength).toBe(entry.bundleBytes);

    const files = unzip(download.rawPayload);
    const manifest = JSON.parse(text(files["manifest.json"]));
    for (const listed of manifest.files) expect(sha256(files[listed.path]!)).toBe(listed.sha256);
    expect(JSON.parse(text(files["case.json"])).case).toMatchObject({
      reference: c.reference,
      status: "archived",
    });
    const history = JSON.parse(text(files["history.json"])) as { action: string; reason: string | null }[];
    expect(history.at(-1)).toMatchObject({ action: "case.archive", reason: "file complete" });
    const messages = JSON.parse(text(files["correspondence.json"])) as { body: string }[];
    expect(messages.map((m) => m.body).join("\n")).toContain("Jane called about her hearing aid");
    const pdfPath = Object.keys(files).find((p) => p.endsWith("receipt.pdf"))!;
    expect(files[pdfPath]).toEqual(PDF);
    expect(text(files["case.html"])).toContain("Hearing aid stopped working");
  });

  it("refuses to archive a case that is not closed, naming what is allowed, and changes nothing", async () => {
    const c = await makeCase(t, crew.agent);
    const res = await act(t, records, c.reference, "archive");
    expect(res.statusCode).toBe(409);
    expect(res.headers["content-type"]).toContain("application/problem+json");
    expect(res.json()).toMatchObject({
      code: "invalid_transition",
      allowedActions: ["acknowledge", "escalate"],
    });
    expect(res.json().detail).toContain("is new; archive is not possible now");
    expect(await actionsOf(t, c.id)).toEqual(["case.created"]);
    const [register] = await queryRows<{ n: number }>(
      t.db,
      sql`SELECT count(*)::int AS n FROM archive_register WHERE case_id = ${c.id}`,
    );
    expect(register!.n).toBe(0);
  });

  it("lets only records and admins archive", async () => {
    const c = await closeCase(t, crew, (await makeCase(t, crew.agent)).reference);
    for (const who of [crew.agent, crew.manager, crew.senior, auditor]) {
      expect((await act(t, who, c.reference, "archive")).statusCode).toBe(403);
    }
    expect((await act(t, admin, c.reference, "archive")).statusCode).toBe(200);
  });

  it("hides an archived case from case workers and logs every view by those who may see it", async () => {
    const c = await closeCase(t, crew, (await makeCase(t, crew.agent)).reference);
    await archive(t, records, c.reference);
    expect(
      (await t.request({ method: "GET", url: `/api/v1/cases/${c.reference}`, as: crew.agent })).statusCode,
    ).toBe(404);
    const viewed = await t.request({
      method: "GET",
      url: `/api/v1/cases/${c.reference}`,
      as: auditor,
      headers: { "x-access-reason": "annual audit sample" },
    });
    expect(viewed.statusCode).toBe(200);
    await t.request({ method: "GET", url: `/api/v1/cases/${c.reference}/correspondence`, as: records });
    await t.request({ method: "GET", url: `/api/v1/cases?status=archived&limit=200`, as: records });
    const history = (
      await t.request({ method: "GET", url: `/api/v1/cases/${c.reference}/history`, as: auditor })
    ).json().items as {
      action: string;
      actor: { id: string };
      reason: string | null;
      changes: { view?: { new: string } };
    }[];
    const views = history.filter((e) => e.action === "case.viewed");
    expect(views.map((v) => [v.actor.id, v.changes.view?.new, v.reason])).toEqual([
      [auditor.id, "/cases/:reference", "annual audit sample"],
      [records.id, "/cases/:reference/correspondence", null],
      [records.id, "/cases (list)", null],
      [auditor.id, "/cases/:reference/history", null],
    ]);
  });

  it("logs an export of the complaint log that includes archived cases, once, on the exporter's stream", async () => {
    const res = await t.request({
      method: "GET",
      url: "/api/v1/cases/export?format=csv",
      as: records,
      headers: { "x-access-reason": "regulator's request" },
    });
    expect(res.statusCode).toBe(200);
    const [event] = await queryRows<{ action: string; changes: { archivedCases: { new: number } } }>(
      t.db,
      sql`SELECT action, changes FROM audit_events WHERE stream = ${`user:${records.id}`} AND action = 'records.log_exported'`,
    );
    expect(event!.changes.archivedCases.new).toBeGreaterThanOrEqual(2);
    await t.request({ method: "GET", url: "/api/v1/cases/export?format=csv", as: crew.manager });
    const [count] = await queryRows<{ n: number }>(
      t.db,
      sql`SELECT count(*)::int AS n FROM audit_events WHERE action = 'records.log_exported'`,
    );
    expect(count!.n).toBe(1);
  });

  it("asks for a reason (428) before showing an archived case when the policy requires one", async () => {
    const c = await closeCase(t, crew, (await makeCase(t, crew.agent)).reference);
    await archive(t, records, c.reference);
    await setRetention(t, admin, { viewReasonRequired: true });
    try {
      const refused = await t.request({ method: "GET", url: `/api/v1/cases/${c.reference}`, as: auditor });
      expect(refused.statusCode).toBe(428);
      expect(refused.json().detail).toContain("X-Access-Reason");
      const allowed = await t.request({
        method: "GET",
        url: `/api/v1/cases/${c.reference}`,
        as: auditor,
        headers: { "x-access-reason": "complaint from the ombudsman" },
      });
      expect(allowed.statusCode).toBe(200);
    } finally {
      await setRetention(t, admin, { viewReasonRequired: false });
    }
  });

  it("is read-only in the database itself, whatever the caller", async () => {
    const c = await closedCaseWithFile(t, crew);
    await archive(t, records, c.reference);
    expect(await failure(t, sql`UPDATE cases SET summary = 'changed' WHERE id = ${c.id}`)).toMatch(
      /is archived: its record is read-only/,
    );
    expect(await failure(t, sql`UPDATE correspondence SET body = 'changed' WHERE case_id = ${c.id}`)).toMatch(
      /is archived: its file is read-only/,
    );
    expect(await failure(t, sql`DELETE FROM attachments WHERE case_id = ${c.id}`)).toMatch(/read-only/);
    expect(
      await failure(
        t,
        sql`INSERT INTO correspondence (id, case_id, kind, occurred_at, recorded_at, body)
            VALUES (gen_random_uuid(), ${c.id}, 'note', now(), now(), 'late note')`,
      ),
    ).toMatch(/nothing can be added to its file/);
    expect(await failure(t, sql`DELETE FROM cases WHERE id = ${c.id}`)).toMatch(/cannot be deleted/);
    // Even a record operation may only take personal data away, never rewrite it.
    const rewrite = await t.db
      .transaction(async (tx) => {
        await tx.execute(sql`SELECT set_config('redress.record_operation', 'erasure', true)`);
        await tx.execute(sql`UPDATE cases SET summary = 'a new story' WHERE id = ${c.id}`);
      })
      .then(
        () => "no error",
        (e: Error) => String((e.cause as Error | undefined)?.message ?? e.message),
      );
    expect(rewrite).toMatch(/may only remove summary/);
    const note = await t.request({
      method: "POST",
      url: `/api/v1/cases/${c.reference}/correspondence`,
      as: records,
      payload: { kind: "note", body: "too late" },
    });
    expect([403, 409]).toContain(note.statusCode);
  });

  it("shows each case's retention rule and when it ends", async () => {
    const c = await closeCase(t, crew, (await makeCase(t, crew.agent)).reference);
    expect(c.retention).toEqual({
      rule: "complaint: 6 years from closure (legal duty)",
      until: "2032-03-02T10:00:00.000Z",
      legalHold: false,
      disposedAt: null,
    });
    const open = await makeCase(t, crew.agent);
    expect(open.retention.until).toBeNull();
  });

  it("waits for a sampled case's quality check before archiving it automatically", async () => {
    const sampled = await closeCase(t, crew, (await makeCase(t, crew.agent)).reference);
    const sampleId = randomUUID();
    await t.db.execute(sql`INSERT INTO quality_samples (id, period, seed, population, rule, drawn_at)
      VALUES (${sampleId}, '2019-01', 'seed', 1, '1 cases', ${t.clock.now()})`);
    await t.db.execute(sql`INSERT INTO sample_items (id, sample_id, case_id)
      VALUES (${randomUUID()}, ${sampleId}, ${sampled.id})`);
    const closedAt = t.clock.now();
    t.clock.advance(40 * 86_400_000);
    onTestFinished(() => t.clock.set(closedAt));
    const ctx = t.ctx(systemActor("scheduler"));
    const status = async () =>
      (await queryRows<{ status: string }>(t.db, sql`SELECT status FROM cases WHERE id = ${sampled.id}`))[0]!
        .status;
    await runAutoArchive(ctx);
    expect(await status()).toBe("closed");
    await t.db.execute(
      sql`UPDATE sample_items SET reviewed_at = ${t.clock.now()} WHERE case_id = ${sampled.id}`,
    );
    await runAutoArchive(ctx);
    expect(await status()).toBe("archived");
  });

  it("archives cases closed more than the policy's days ago, automatically and once", async () => {
    const old = await closeCase(t, crew, (await makeCase(t, crew.agent)).reference);
    t.clock.set("2026-03-20T10:00:00Z");
    const recent = await closeCase(t, crew, (await makeCase(t, crew.agent)).reference);
    t.clock.set("2026-04-02T10:00:01Z");
    const ctx = t.ctx(systemActor("scheduler"));
    const first = await runAutoArchive(ctx, 2);
    const second = await runAutoArchive(ctx, 2);
    expect(first.archived).toBeGreaterThanOrEqual(1);
    expect(second.archived).toBe(0);
    const statuses = await queryRows<{ reference: string; status: string }>(
      t.db,
      sql`SELECT reference, status FROM cases WHERE id IN (${old.id}, ${recent.id})`,
    );
    expect(Object.fromEntries(statuses.map((s) => [s.reference, s.status]))).toEqual({
      [old.reference]: "archived",
      [recent.reference]: "closed",
    });
    const [entry] = await queryRows<{ source: string; by_id: string | null }>(
      t.db,
      sql`SELECT source, by_id FROM archive_register WHERE case_id = ${old.id}`,
    );
    expect(entry).toEqual({ source: "scheduler", by_id: null });
    t.clock.set("2026-03-02T10:00:00Z");
  });
});

import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyAuditTrail } from "../../src/server/audit/audit.verify.js";
import { queryRows } from "../../src/server/db/client.js";
import type { CaseView } from "../../src/shared/cases.schema.js";
import { makeCase } from "../factories.js";
import { createTestApp, type TestApp, type TestUser } from "../harness.js";
import { type Crew, makeCrew } from "../lifecycle.js";
import { archive, closedCaseWithFile, PDF, reportCounts, setRetention, text, unzip } from "../records.js";

describe("GDPR export, erasure and the register of data requests (R11)", () => {
  let t: TestApp;
  let crew: Crew;
  let admin: TestUser;
  let records: TestUser;
  let auditor: TestUser;
  let jane: CaseView;
  let janeArchived: CaseView;
  const email = "jane.doe@example.com";
  beforeAll(async () => {
    t = await createTestApp();
    crew = await makeCrew(t);
    admin = await t.user(["admin"]);
    records = await t.user(["records"]);
    auditor = await t.user(["auditor"]);
    jane = await closedCaseWithFile(t, crew, { name: "Jane Doe", email });
    const survey = await t.request({
      method: "POST",
      url: `/api/v1/cases/${jane.reference}/feedback`,
      as: crew.agent,
      payload: {
        satisfaction: 4,
        resolved: true,
        handlingSatisfaction: 5,
        comment: "Jane liked the refund",
        channel: "phone",
      },
    });
    expect(survey.statusCode).toBe(201);
    janeArchived = await closedCaseWithFile(t, crew, { name: "Jane Doe", email });
    await archive(t, records, janeArchived.reference);
  });
  afterAll(() => t.close());

  const exportOf = (id: string, as: TestUser, query = "") =>
    t.request({ method: "GET", url: `/api/v1/customers/${id}/export${query}`, as });
  const erase = (id: string, as: TestUser = admin, payload: object = {}) =>
    t.request({ method: "POST", url: `/api/v1/customers/${id}/erase`, as, payload });
  const register = async () =>
    (await t.request({ method: "GET", url: "/api/v1/privacy/requests", as: auditor })).json().items as {
      kind: string;
      status: string;
      outcome: string | null;
      customerId: string;
    }[];

  it("finds the data subject by the email they wrote from, whatever its case", async () => {
    const res = await t.request({
      method: "GET",
      url: "/api/v1/customers?email=JANE.DOE@example.com",
      as: records,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().items).toEqual([
      expect.objectContaining({ id: jane.customer!.id, name: "Jane Doe", email, cases: 2, erasedAt: null }),
    ]);
    expect(
      (await t.request({ method: "GET", url: "/api/v1/customers?email=x@example.com", as: crew.agent }))
        .statusCode,
    ).toBe(403);
  });

  it("exports everything held on the person as JSON and readable HTML with their files, and records the answer", async () => {
    const logged = await t.request({
      method: "POST",
      url: "/api/v1/privacy/requests",
      as: records,
      payload: {
        kind: "access",
        customerId: jane.customer!.id,
        receivedAt: "2026-03-01T09:00:00Z",
        note: "letter of 1 March",
      },
    });
    expect(logged.statusCode).toBe(201);
    expect(logged.json()).toMatchObject({
      status: "open",
      dueAt: "2026-04-01T09:00:00.000Z",
      overdue: false,
    });
    const res = await exportOf(jane.customer!.id, records, `?request=${logged.json().id}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toBe("application/zip");
    const files = unzip(res.rawPayload);
    const data = JSON.parse(text(files["export.json"]));
    expect(data.customer).toMatchObject({ name: "Jane Doe", email });
    expect(data.cases.map((c: { case: { reference: string } }) => c.case.reference)).toEqual([
      jane.reference,
      janeArchived.reference,
    ]);
    expect(JSON.stringify(data.cases[0].correspondence)).toContain("Jane called about her hearing aid");
    expect(data.cases[0].history[0]).toMatchObject({ action: "case.created" });
    expect(data.surveys[0].response).toMatchObject({ comment: "Jane liked the refund" });
    expect(data.auditAboutCustomer[0]).toMatchObject({
      action: "customer.created",
      changes: { name: { new: "Jane Doe" } },
    });
    expect(files[data.cases[0].attachments[0].path]).toEqual(PDF);
    const page = text(files["export.html"]);
    expect(page).toContain("How long we keep it");
    expect(page).toContain(
      `${jane.reference}: complaint: 6 years from closure (legal duty), until 2032-03-02`,
    );
    const answered = (await register()).find((r) => r.kind === "access");
    expect(answered).toMatchObject({
      status: "done",
      outcome: expect.stringContaining("exported: 2 case(s)"),
    });
    expect((await exportOf(jane.customer!.id, auditor)).statusCode).toBe(403);
    expect((await exportOf("00000000-0000-4000-8000-000000000000", records)).statusCode).toBe(404);
  });

  it("refuses erasure while a retention duty applies, says until when and why, records the refusal, erases nothing", async () => {
    const res = await erase(jane.customer!.id);
    expect(res.statusCode).toBe(409);
    expect(res.json().detail).toContain(
      `${jane.reference} must be kept until 2032-03-02 under complaint: 6 years from closure (legal duty) (GDPR Art 17(3)(b))`,
    );
    expect(res.json().request).toMatchObject({ kind: "erasure", status: "refused" });
    const [row] = await queryRows<{ name: string }>(
      t.db,
      sql`SELECT name FROM customers WHERE id = ${jane.customer!.id}`,
    );
    expect(row!.name).toBe("Jane Doe");
    expect((await register()).filter((r) => r.kind === "erasure" && r.status === "refused")).toHaveLength(1);
  });

  it("refuses erasure while a case is open or under legal hold", async () => {
    await setRetention(t, admin, { complaint: { years: 6, from: "closed", legalDuty: false } });
    const open = await makeCase(t, crew.agent, {
      customer: { name: "Olly Open", email: "olly@example.com" },
    });
    const refused = await erase(open.customer!.id);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().detail).toContain(`${open.reference} is still being handled (new); close it first`);
    const held = await closedCaseWithFile(t, crew, { name: "Hal Held", email: "hal@example.com" });
    await t.request({
      method: "POST",
      url: `/api/v1/cases/${held.reference}/legal-hold`,
      as: records,
      payload: { reason: "litigation" },
    });
    const onHold = await erase(held.customer!.id, records);
    expect(onHold.statusCode).toBe(409);
    expect(onHold.json().detail).toContain(`${held.reference} is under legal hold`);
    expect((await erase("00000000-0000-4000-8000-000000000000")).statusCode).toBe(404);
    expect((await erase(held.customer!.id, crew.manager)).statusCode).toBe(403);
  });

  it("erases by anonymisation everywhere; the audit chain still verifies and the counts stay", async () => {
    const before = await reportCounts(t);
    // An answer kept for an Idempotency-Key retry, naming her case (as POST /cases keeps it for a day).
    const answer = JSON.stringify({ reference: jane.reference, customer: { name: "Jane Doe", email } });
    await t.db.execute(
      sql`INSERT INTO idempotency_keys (principal, key, request_hash, status_code, response, created_at)
          VALUES (${crew.agent.id}, 'retry-1', 'h', 201, ${answer}::jsonb, now())`,
    );
    const res = await erase(jane.customer!.id, records, { note: "email of 2 March" });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ cases: 2, files: 2, request: { status: "done" } });
    expect(res.json().auditValues).toBeGreaterThan(5);

    const [customer] = await queryRows<Record<string, unknown>>(
      t.db,
      sql`SELECT name, email, email_norm, phone FROM customers WHERE id = ${jane.customer!.id}`,
    );
    expect(customer).toEqual({ name: null, email: null, email_norm: null, phone: null });
    const view = (
      await t.request({ method: "GET", url: `/api/v1/cases/${jane.reference}`, as: crew.manager })
    ).json();
    expect(view).toMatchObject({
      summary: "[erased]",
      description: "[erased]",
      status: "closed",
      outcome: "upheld",
    });
    const found = await t.request({ method: "GET", url: "/api/v1/cases?q=Jane", as: crew.manager });
    expect(found.json().items.map((c: CaseView) => c.reference)).not.toContain(jane.reference);
    const leftovers = await queryRows<{ n: number }>(
      t.db,
      sql`SELECT (SELECT count(*) FROM attachments WHERE case_id IN (${jane.id}, ${janeArchived.id}))
               + (SELECT count(*) FROM correspondence WHERE case_id IN (${jane.id}, ${janeArchived.id}) AND body <> '[erased]')
               + (SELECT count(*) FROM feedback_responses WHERE case_id = ${jane.id} AND comment IS NOT NULL)
               + (SELECT count(*) FROM audit_personal WHERE customer_id = ${jane.customer!.id} AND values IS NOT NULL) AS n`,
    );
    expect(Number(leftovers[0]!.n)).toBe(0);
    const kept = await queryRows<{ n: number }>(
      t.db,
      sql`SELECT count(*)::int AS n FROM idempotency_keys WHERE response::text LIKE '%Jane%'`,
    );
    expect(kept[0]!.n).toBe(0);
    const history = (
      await t.request({ method: "GET", url: `/api/v1/cases/${jane.reference}/history`, as: auditor })
    ).json();
    expect(JSON.stringify(history)).not.toContain("Jane");
    expect(await verifyAuditTrail(t.db)).toMatchObject({ ok: true });
    expect(await reportCounts(t)).toEqual(before);

    // The archived file is bundled again, without her, and registered as such.
    const archiveRegister = (
      await t.request({ method: "GET", url: "/api/v1/records/archive-register", as: auditor })
    )
      .json()
      .items.filter((e: { reference: string }) => e.reference === janeArchived.reference);
    expect(
      archiveRegister.map((e: { event: string; bundleDisposedAt: string | null }) => [
        e.event,
        e.bundleDisposedAt === null,
      ]),
    ).toEqual([
      ["rebundled", true],
      ["archived", false],
    ]);
    const bundle = await t.request({
      method: "GET",
      url: `/api/v1/cases/${janeArchived.reference}/archive-bundle`,
      as: auditor,
    });
    expect(bundle.statusCode).toBe(200);
    const rebundled = unzip(bundle.rawPayload);
    expect(Object.keys(rebundled).filter((path) => path.startsWith("attachments/"))).toEqual([]);
    for (const path of ["case.json", "history.json", "correspondence.json", "case.html"]) {
      expect([path, text(rebundled[path]).includes("Jane")]).toEqual([path, false]);
    }
    expect((await register()).find((r) => r.kind === "erasure" && r.status === "done")?.outcome).toContain(
      "2 case(s) anonymised",
    );
  });

  it("marks open requests overdue once their month has passed", async () => {
    const other = await makeCase(t, crew.agent, { customer: { name: "Otto", email: "otto@example.com" } });
    await t.request({
      method: "POST",
      url: "/api/v1/privacy/requests",
      as: admin,
      payload: { kind: "erasure", customerId: other.customer!.id },
    });
    t.clock.set("2026-04-03T10:00:00Z");
    const open = (
      await t.request({ method: "GET", url: "/api/v1/privacy/requests?status=open", as: auditor })
    ).json();
    expect(open.items).toEqual([expect.objectContaining({ customerId: other.customer!.id, overdue: true })]);
    const bad = await t.request({
      method: "POST",
      url: "/api/v1/privacy/requests",
      as: admin,
      payload: { kind: "erasure", customerId: "00000000-0000-4000-8000-000000000000" },
    });
    expect(bad.statusCode).toBe(404);
  });
});

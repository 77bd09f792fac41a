import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../src/server/db/client.js";
import { caseInput, makeCase } from "../factories.js";
import { createTestApp, type TestApp, type TestUser } from "../harness.js";

async function counts(t: TestApp) {
  const [row] = await queryRows<{ cases: number; customers: number; events: number }>(
    t.db,
    sql`SELECT (SELECT count(*) FROM cases)::int AS cases, (SELECT count(*) FROM customers)::int AS customers,
               (SELECT count(*) FROM audit_events)::int AS events`,
  );
  return row!;
}

describe("POST /api/v1/cases", () => {
  let t: TestApp;
  let agent: TestUser;
  beforeAll(async () => {
    t = await createTestApp();
    agent = await t.user(["agent"]);
  });
  afterAll(() => t.close());

  const post = (payload: unknown, headers: Record<string, string> = {}) =>
    t.request({ method: "POST", url: "/api/v1/cases", as: agent, payload: payload as object, headers });

  it("logs a complaint with the v1 shape, a Location header, and the employee who received it", async () => {
    const res = await post(
      caseInput({
        category: "delivery",
        severity: "medium",
        desiredRemedy: "A refund",
        productRef: "ORD-991",
      }),
    );
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(res.headers.location).toBe(`/api/v1/cases/${body.reference}`);
    expect(body).toMatchObject({
      type: "complaint",
      status: "new",
      seedStatus: "open",
      level: 1,
      channel: "phone",
      category: "delivery",
      severity: "medium",
      desiredRemedy: "A refund",
      productRef: "ORD-991",
      receivedAt: "2026-03-02T10:00:00.000Z",
      loggedAt: "2026-03-02T10:00:00.000Z",
      receivedById: agent.id,
      loggedById: agent.id,
      ownerId: null,
      version: 1,
    });
    expect(body.reference).toMatch(/^CMP-2026-\d{6}$/);
    expect(body.customer).toMatchObject({ name: expect.any(String), email: expect.stringContaining("@") });
  });

  it("sets the three deadlines from receipt in business time (Mon 10:00 London, Mon–Fri 9–17)", async () => {
    const body = (await post(caseInput())).json();
    expect(body.deadlines).toEqual({
      acknowledge: "2026-03-03T10:00:00.000Z", // 24 calendar hours
      assign: "2026-03-03T10:00:00.000Z", // 1 business day = 8 working hours
      resolve: "2026-03-09T10:00:00.000Z", // 5 business days, over the weekend
    });
  });

  it("keeps a back-dated receipt beside the logging time and counts deadlines from receipt", async () => {
    // Received Friday 27 Feb 16:00, logged Monday 2 Mar 10:00: 1 h Friday + 1 h Monday elapsed.
    const body = (await post(caseInput({ receivedAt: "2026-02-27T16:00:00Z" }))).json();
    expect(body.receivedAt).toBe("2026-02-27T16:00:00.000Z");
    expect(body.loggedAt).toBe("2026-03-02T10:00:00.000Z");
    expect(body.deadlines.assign).toBe("2026-03-02T16:00:00.000Z");
    expect(body.level).toBe(1);
  });

  it("gives a case logged late the level its elapsed business time calls for", async () => {
    const l2 = (await post(caseInput({ receivedAt: "2026-02-25T09:00:00Z" }))).json(); // Wed 09:00: 3 bd + 1 h
    const l3 = (await post(caseInput({ receivedAt: "2026-02-23T09:00:00Z" }))).json(); // Mon 09:00: 5 bd + 1 h
    expect(l2.level).toBe(2);
    expect(l3.level).toBe(3);
  });

  it("starts a critical case at level 3, with the cause in its history", async () => {
    const body = (await post(caseInput({ severity: "critical" }))).json();
    expect(body.level).toBe(3);
    const history = (
      await t.request({ method: "GET", url: `/api/v1/cases/${body.reference}/history`, as: agent })
    ).json();
    expect(history.items[0].changes.levelCause).toEqual({ new: "critical" });
  });

  it("starts a recurring complaint at level 3: same customer, same category, 2 earlier in 90 days", async () => {
    const customer = { name: "Rita Recurring", email: "rita@example.com" };
    const first = (await post(caseInput({ customer, category: "Billing" }))).json();
    const second = (await post(caseInput({ customer, category: "billing" }))).json();
    const third = (await post(caseInput({ customer, category: "billing" }))).json();
    const otherCategory = (await post(caseInput({ customer, category: "delivery" }))).json();
    expect([first.level, second.level, third.level, otherCategory.level]).toEqual([1, 1, 3, 1]);
  });

  it("logs an incident without a customer under its own INC reference", async () => {
    const res = await post({
      type: "incident",
      channel: "in_person",
      summary: "Fire alarm",
      description: "Store evacuated",
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().reference).toMatch(/^INC-2026-\d{6}$/);
    expect(res.json().customer).toBeNull();
  });

  it("matches customers by email whatever its case, and by normalised phone", async () => {
    const a = (await post(caseInput({ customer: { name: "Ann", email: "Ann.Lee@Example.com" } }))).json();
    const b = (await post(caseInput({ customer: { name: "Ann Lee", email: "ann.lee@example.COM" } }))).json();
    expect(b.customer.id).toBe(a.customer.id);
    const c = (await post(caseInput({ customer: { name: "Bob", phone: "+44 20 7946 0000" } }))).json();
    const d = (await post(caseInput({ customer: { name: "Bob", phone: "+44 20-7946-0000" } }))).json();
    const e = (await post(caseInput({ customer: { name: "Bob", phone: "0044 20 7946 0000" } }))).json();
    expect(d.customer.id).toBe(c.customer.id);
    expect(e.customer.id).toBe(c.customer.id);
  });

  it("adds a contact a known customer lacked", async () => {
    const a = (await post(caseInput({ customer: { name: "Cy", email: "cy@example.com" } }))).json();
    const b = (
      await post(caseInput({ customer: { name: "Cy", email: "cy@example.com", phone: "+1 212 555 0100" } }))
    ).json();
    expect(b.customer).toEqual({
      id: a.customer.id,
      name: "Cy",
      email: "cy@example.com",
      phone: "+1 212 555 0100",
    });
  });

  it("numbers references per type without gaps, also when 40 are logged at once", async () => {
    const results = await Promise.all(Array.from({ length: 40 }, () => post(caseInput())));
    expect(results.map((r) => r.statusCode)).toEqual(Array(40).fill(201));
    const numbers = results.map((r) => Number(r.json().reference.slice(-6))).sort((x, y) => x - y);
    expect(new Set(numbers).size).toBe(40);
    expect(numbers.at(-1)! - numbers[0]!).toBe(39);
  });

  it("replays the first answer for a repeated Idempotency-Key and refuses it with another body", async () => {
    const body = caseInput();
    const first = await post(body, { "idempotency-key": "intake-42" });
    const again = await post(body, { "idempotency-key": "intake-42" });
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(201);
    expect(again.json()).toEqual(first.json());
    const before = await counts(t);
    const other = await post(caseInput(), { "idempotency-key": "intake-42" });
    expect(other.statusCode).toBe(422);
    expect(other.json().code).toBe("idempotency_key_reused");
    expect(await counts(t)).toEqual(before);
  });

  it("creates exactly one case when the same Idempotency-Key arrives twice at once", async () => {
    const body = caseInput();
    const before = await counts(t);
    const [a, b] = await Promise.all([
      post(body, { "idempotency-key": "twin-1" }),
      post(body, { "idempotency-key": "twin-1" }),
    ]);
    expect([a.statusCode, b.statusCode]).toEqual([201, 201]);
    expect(a.json().reference).toBe(b.json().reference);
    expect((await counts(t)).cases).toBe(before.cases + 1);
  });
});

describe("POST /api/v1/cases with bad input", () => {
  let t: TestApp;
  let agent: TestUser;
  let auditor: TestUser;
  beforeAll(async () => {
    t = await createTestApp();
    agent = await t.user(["agent"]);
    auditor = await t.user(["auditor"]);
    await makeCase(t, agent);
  });
  afterAll(() => t.close());

  const post = (payload: unknown, as: TestUser | null = agent, headers: Record<string, string> = {}) =>
    t.request({
      method: "POST",
      url: "/api/v1/cases",
      ...(as ? { as } : {}),
      headers: { "content-type": "application/json", ...headers },
      payload: typeof payload === "string" ? payload : JSON.stringify(payload),
    });

  it.each([
    ["missing summary", { summary: undefined }, "summary", "is required"],
    ["empty summary", { summary: "   " }, "summary", "must not be empty"],
    ["summary too long", { summary: "x".repeat(301) }, "summary", "must be at most 300 characters"],
    ["unknown channel", { channel: "fax" }, "channel", "must be one of"],
    ["unknown type", { type: "praise" }, "type", "must be one of"],
    ["severity of the wrong type", { severity: 3 }, "severity", "must be one of"],
    [
      "bad customer email",
      { customer: { name: "X", email: "not-an-email" } },
      "customer.email",
      "email address",
    ],
    ["customer without name", { customer: { email: "x@example.com" } }, "customer.name", "is required"],
    [
      "phone that is not a phone",
      { customer: { name: "X", phone: "call me" } },
      "customer.phone",
      "not a phone number",
    ],
    ["complaint with no contact", { customer: { name: "X" } }, "customer", "email or a phone"],
    ["complaint with no customer", { customer: undefined }, "customer", "is required for a complaint"],
    ["receivedAt that is not a date", { receivedAt: "yesterday" }, "receivedAt", "date-time"],
    ["receivedAt in the future", { receivedAt: "2026-03-05T10:00:00Z" }, "receivedAt", "in the future"],
    ["receivedAt decades ago", { receivedAt: "1999-03-05T10:00:00Z" }, "receivedAt", "redress import"],
    ["misspelt field", { custmer: { name: "X" } }, "custmer", "unknown field"],
    [
      "receivedById of nobody",
      { receivedById: "00000000-0000-4000-8000-000000000000" },
      "receivedById",
      "not an active user",
    ],
  ])("refuses %s with 400 naming the field, and stores nothing", async (_name, override, field, message) => {
    const before = await counts(t);
    const res = await post({ ...caseInput(), ...override });
    expect(res.statusCode).toBe(400);
    expect(res.headers["content-type"]).toContain("application/problem+json");
    const problem = res.json();
    expect(problem).toMatchObject({
      status: 400,
      code: "validation_failed",
      type: expect.any(String),
      title: expect.any(String),
    });
    expect(problem.errors).toContainEqual({ field, message: expect.stringContaining(message) });
    expect(await counts(t)).toEqual(before);
  });

  it("refuses malformed JSON with 400", async () => {
    const res = await post('{"type": "complaint",');
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe("malformed_json");
  });

  it("refuses a body over the limit with 413", async () => {
    const res = await post({ ...caseInput(), description: "x".repeat(1_100_000) });
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe("payload_too_large");
  });

  it("refuses a form post with 415", async () => {
    const res = await post("type=complaint", agent, { "content-type": "application/x-www-form-urlencoded" });
    expect(res.statusCode).toBe(415);
  });

  it("refuses an anonymous caller with 401 and an auditor with 403", async () => {
    const before = await counts(t);
    expect((await post(caseInput(), null)).statusCode).toBe(401);
    const res = await post(caseInput(), auditor);
    expect(res.statusCode).toBe(403);
    expect(res.json().detail).toContain("agent");
    expect(await counts(t)).toEqual(before);
  });

  it("refuses a bad Idempotency-Key", async () => {
    const res = await post(caseInput(), agent, { "idempotency-key": "has spaces in it" });
    expect(res.statusCode).toBe(400);
  });
});

import { sql } from "drizzle-orm";
import Fastify, { type LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../src/server/db/client.js";
import { requireIdempotencyOnEveryPost } from "../../src/server/http/idempotency.js";
import { caseInput, makeCase } from "../factories.js";
import { createTestApp, type TestApp, type TestUser } from "../harness.js";
import { type Crew, makeCrew, resolveCase } from "../lifecycle.js";

/** The POSTs that ignore Idempotency-Key, each for the reason declared on the route. */
const EXEMPT = [
  "POST /api/v1/session",
  "POST /api/v1/policy/recompute",
  "POST /api/v1/notifications/read",
  "POST /api/v1/templates/:key/preview",
  "POST /api/v1/inbound/email",
  "POST /api/v1/customers/:id/erase",
  "POST /api/v1/imports",
  "POST /api/v1/tokens",
];

type Send = (payload: object, headers: Record<string, string>) => Promise<LightMyRequestResponse>;

/** The same key and body twice, then the same key with another body. */
async function retry(send: Send, payload: object, other: object, key: string) {
  const headers = { "idempotency-key": key };
  const first = await send(payload, headers);
  const again = await send(payload, headers);
  const reused = await send(other, headers);
  return { first, again, reused };
}

function expectReplayed(sent: Awaited<ReturnType<typeof retry>>, status: number) {
  const { first, again, reused } = sent;
  expect(first.statusCode, first.body).toBe(status);
  expect(again.statusCode).toBe(status);
  expect(again.headers["idempotent-replay"]).toBe("true");
  expect(again.json()).toEqual(first.json());
  // A replay is the first answer whole: its Location or ETag too, not only its body.
  expect([again.headers.location, again.headers.etag]).toEqual([first.headers.location, first.headers.etag]);
  expect(reused.statusCode).toBe(422);
  expect(reused.headers["content-type"]).toContain("application/problem+json");
  expect(reused.json()).toMatchObject({ status: 422, code: "idempotency_key_reused" });
}

describe("Idempotency-Key on writes (DESIGN.md)", () => {
  let t: TestApp;
  let crew: Crew;
  let quality: TestUser;
  let records: TestUser;
  let admin: TestUser;
  beforeAll(async () => {
    t = await createTestApp();
    crew = await makeCrew(t);
    quality = await t.user(["quality"]);
    records = await t.user(["records"]);
    admin = await t.user(["admin"]);
  });
  afterAll(() => t.close());

  const count = async (query: ReturnType<typeof sql>) => (await queryRows<{ n: number }>(t.db, query))[0]!.n;
  const poster =
    (url: string, as?: TestUser, method: "POST" | "PUT" = "POST"): Send =>
    (payload, headers) =>
      t.request({ method, url: `/api/v1${url}`, as, payload, headers, remoteAddress: "203.0.113.9" });

  it("declares on every POST under /api/v1 whether it honours the key, and why not when it does not", () => {
    const posts = t.app.routeTable
      .filter((r) => r.method === "POST" && r.url.startsWith("/api/v1/"))
      .map((r) => `POST ${r.url}`);
    const declared = new Map(t.app.idempotencyTable.map((r) => [`${r.method} ${r.url}`, r.idempotent]));
    expect(posts.filter((route) => !declared.has(route))).toEqual([]);
    const exempt = [...declared].filter(([, d]) => "exempt" in d);
    expect(exempt.map(([route]) => route).sort()).toEqual([...EXEMPT].sort());
    for (const [, d] of exempt) expect("exempt" in d && d.exempt.length).toBeGreaterThan(10);
    expect(declared.get("POST /api/v1/capas")).toEqual({ status: 201 });
  });

  it("refuses to start with a POST that declares nothing, or replays a status it does not answer", async () => {
    const bare = Fastify();
    requireIdempotencyOnEveryPost(bare);
    bare.post("/elsewhere", async () => ({})); // outside the API: form posts from pages
    expect(() => bare.post("/api/v1/widgets", async () => ({}))).toThrow(
      "route POST /api/v1/widgets declares no idempotency",
    );
    expect(() =>
      bare.post(
        "/api/v1/gadgets",
        { config: { idempotent: { status: 201 } }, schema: { response: { 200: {} } } },
        async () => ({}),
      ),
    ).toThrow("replays status 201, which its response schema does not declare");
    expect(() =>
      bare.post("/api/v1/gizmos", { config: { idempotent: { exempt: " " } } }, async () => ({})),
    ).toThrow("is exempt without a reason");
    await bare.close();
  });

  it("POST /capas: one CAPA for a retried create; the key with another body is 422", async () => {
    const c = await makeCase(t, crew.agent);
    const capa = { title: "Safer drop-off", caseReferences: [c.reference], dueDate: "2026-04-30" };
    const before = await count(sql`SELECT count(*)::int AS n FROM capas`);
    const sent = await retry(poster("/capas", quality), capa, { ...capa, title: "Other" }, "capa-1");
    expectReplayed(sent, 201);
    expect(await count(sql`SELECT count(*)::int AS n FROM capas`)).toBe(before + 1);

    const reference = sent.first.json().reference;
    const other = await makeCase(t, crew.agent);
    const link = await retry(
      poster(`/capas/${reference}/cases`, quality),
      { caseReferences: [other.reference] },
      { caseReferences: [c.reference] },
      "capa-link-1",
    );
    expectReplayed(link, 200);
    const linked = sql`SELECT count(*)::int AS n FROM audit_events WHERE action = 'capa.cases_linked'`;
    expect(await count(linked)).toBe(1);
  });

  it("POST /procedures, /reviews, /samples and /process-feedback record once per key", async () => {
    const procedure = {
      title: "Handling",
      version: "1.0",
      effectiveDate: "2026-01-01",
      reviewDate: "2027-01-01",
    };
    const listed = async (url: string) =>
      (await t.request({ method: "GET", url: `/api/v1${url}`, as: quality })).json().items.length;

    const beforeProcedures = await listed("/procedures");
    const sent = await retry(
      poster("/procedures", quality),
      procedure,
      { ...procedure, version: "2" },
      "p-1",
    );
    expectReplayed(sent, 201);
    expect(await listed("/procedures")).toBe(beforeProcedures + 1);

    const review = {
      period: "2026-Q1",
      heldOn: "2026-03-02",
      attendees: ["Quality Lead"],
      findings: "Quiet.",
    };
    const beforeReviews = await listed("/reviews");
    expectReplayed(
      await retry(poster("/reviews", quality), review, { ...review, findings: "x" }, "r-1"),
      201,
    );
    expect(await listed("/reviews")).toBe(beforeReviews + 1);

    // Without the key a second draw of the month is 409; with it, the retry gets the sample.
    const samples = await retry(
      poster("/samples", quality),
      { month: "2026-02" },
      { month: "2026-01" },
      "s-1",
    );
    expectReplayed(samples, 201);
    expect((await poster("/samples", quality)({ month: "2026-02" }, {})).statusCode).toBe(409);

    const feedback = { area: "intake", text: "The form asks for the postcode twice" };
    const beforeFeedback = await listed("/process-feedback");
    const fed = await retry(poster("/process-feedback", crew.agent), feedback, { text: "Other" }, "f-1");
    expectReplayed(fed, 201);
    expect(await listed("/process-feedback")).toBe(beforeFeedback + 1);
  });

  it("POST /cases and a lifecycle step: the replay carries the first answer's Location and ETag", async () => {
    const created = await retry(
      poster("/cases", crew.agent),
      caseInput({ summary: "Retried over a bad line" }),
      caseInput({ summary: "Other" }),
      "case-1",
    );
    expectReplayed(created, 201);
    const reference = created.first.json().reference as string;
    expect(created.again.headers.location).toBe(`/api/v1/cases/${reference}`);
    const acknowledged = await retry(
      poster(`/cases/${reference}/acknowledge`, crew.agent),
      {},
      { note: "other" },
      "ack-1",
    );
    expectReplayed(acknowledged, 200);
    expect(acknowledged.again.headers.etag).toBe(`"${acknowledged.first.json().version}"`);
  });

  it("POST /cases/{reference}/legal-hold: a retried hold answers the hold, not 409 already_on_hold", async () => {
    const c = await makeCase(t, crew.agent);
    const hold = poster(`/cases/${c.reference}/legal-hold`, records);
    const sent = await retry(hold, { reason: "claim filed" }, { reason: "another claim" }, "hold-1");
    expectReplayed(sent, 201);
    expect(sent.first.json()).toMatchObject({ reference: c.reference, reason: "claim filed" });
    const holds = await count(
      sql`SELECT count(*)::int AS n FROM legal_holds h JOIN cases c ON c.id = h.case_id WHERE c.reference = ${c.reference}`,
    );
    expect(holds).toBe(1);
    expect((await hold({ reason: "claim filed" }, { "idempotency-key": "hold-2" })).statusCode).toBe(409);
  });

  it("POST /cases/{reference}/follow-up: a retried contact is one entry on the case file", async () => {
    const c = await makeCase(t, crew.agent);
    await resolveCase(t, crew, c.reference);
    const contact = { kind: "call", note: "Happy with the refund" };
    const followUp = poster(`/cases/${c.reference}/follow-up`, crew.agent);
    expectReplayed(await retry(followUp, contact, { ...contact, kind: "letter" }, "follow-up-1"), 200);
    const entries = sql`SELECT count(*)::int AS n FROM correspondence r JOIN cases c ON c.id = r.case_id
      WHERE c.reference = ${c.reference} AND r.subject = 'Follow-up after resolution'`;
    expect(await count(entries)).toBe(1);
  });

  it("the public form and the case link: one case and one message per key, keyed by the client's address", async () => {
    const form = {
      name: "Pat Public",
      email: "pat.idempotent@example.com",
      summary: "Meter read twice",
      description: "Two bills for one reading.",
    };
    const cases = () => count(sql`SELECT count(*)::int AS n FROM cases WHERE summary = 'Meter read twice'`);
    const sent = await retry(poster("/public/complaints"), form, { ...form, summary: "Other" }, "form-1");
    expectReplayed(sent, 201);
    expect(await cases()).toBe(1);

    const token = (sent.first.json().link as string).split("/").at(-1)!;
    const messages = await retry(
      poster(`/public/cases/${token}/messages`),
      { message: "Reading is 04521" },
      { message: "Reading is 04522" },
      "message-1",
    );
    expectReplayed(messages, 201);
    const fromCustomer = messages.first.json().messages.filter((m: { from: string }) => m.from === "you");
    expect(fromCustomer.map((m: { body: string }) => m.body)).toEqual(["Reading is 04521"]);
  });

  it("PUT /templates/{key}: a retried save is one new version", async () => {
    const url = "/templates/acknowledgment";
    const current = (await t.request({ method: "GET", url: `/api/v1${url}`, as: admin })).json();
    const body = { subject: current.subject, text: `${current.text}\nThank you.`, html: current.html };
    const sent = await retry(poster(url, admin, "PUT"), body, { ...body, subject: "Other" }, "template-1");
    expectReplayed(sent, 200);
    expect(sent.first.json().version).toBe(current.version + 1);
    expect((await t.request({ method: "GET", url: `/api/v1${url}`, as: admin })).json().version).toBe(
      current.version + 1,
    );
  });
});

import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../src/server/db/client.js";
import { createTestApp, type TestApp } from "../harness.js";
import { type Crew, makeCrew, resolveCase, step } from "../lifecycle.js";

const form = {
  name: "Jane Doe",
  email: "jane.public@example.com",
  summary: "Bill doubled this month",
  description: "My March bill is twice February's with no change in use.",
  desiredRemedy: "Correct the bill",
};

describe("the public form and the customer's case link (R1, R7)", () => {
  let t: TestApp;
  let crew: Crew;
  beforeAll(async () => {
    t = await createTestApp();
    crew = await makeCrew(t);
  });
  afterAll(() => t.close());

  const submit = (payload: object, ip = "203.0.113.7") =>
    t.request({ method: "POST", url: "/api/v1/public/complaints", payload, remoteAddress: ip });
  const tokenOf = (link: string) => link.split("/").at(-1)!;
  const view = (token: string) => t.request({ method: "GET", url: `/api/v1/public/cases/${token}` });

  it("takes a complaint without login on the web channel, answering with the reference and an unguessable link", async () => {
    const res = await submit(form);
    expect(res.statusCode).toBe(201);
    const { reference, link } = res.json();
    expect(reference).toMatch(/^CMP-2026-\d{6}$/);
    expect(link).toMatch(/^http:\/\/localhost:3000\/public\/case\/[A-Za-z0-9_-]{43}$/);
    const staffView = (
      await t.request({ method: "GET", url: `/api/v1/cases/${reference}`, as: crew.agent })
    ).json();
    expect(staffView).toMatchObject({
      channel: "web",
      receivedById: null,
      desiredRemedy: "Correct the bill",
    });
    const [stored] = await queryRows<{ n: number }>(
      t.db,
      sql`SELECT count(*)::int AS n FROM case_links WHERE token_hash = ${tokenOf(link)}`,
    );
    expect(stored!.n).toBe(0); // only the hash is kept
    const customer = (await view(tokenOf(link))).json();
    expect(customer).toMatchObject({
      reference,
      status: "received",
      canConfirm: false,
      expectedResolutionBy: expect.any(String),
    });
    expect(customer.messages).toMatchObject([
      { from: "us", subject: `We have received your complaint (${reference})` },
    ]);
  });

  it.each([
    [{ ...form, email: undefined }, "customer"],
    [{ ...form, summary: "" }, "summary"],
    [{ ...form, website: "http://spam.example" }, "website"],
    [{ ...form, severity: "critical" }, "severity"],
  ])("refuses %j with 400", async (payload, field) => {
    const res = await submit(payload);
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it("limits each address to 10 forms an hour", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++)
      statuses.push((await submit({ ...form, summary: `Form ${i}` }, "198.51.100.9")).statusCode);
    expect(statuses.slice(0, 10).every((s) => s === 201)).toBe(true);
    expect(statuses[10]).toBe(429);
  });

  it("lets the customer add information, which resumes a case waiting for them, and never shows internal notes", async () => {
    const { reference, link } = (await submit(form)).json();
    await step(t, crew.agent, reference, "acknowledge");
    await step(t, crew.manager, reference, "assign", { ownerId: crew.agent.id });
    await step(t, crew.agent, reference, "start-investigation");
    await t.request({
      method: "POST",
      url: `/api/v1/cases/${reference}/correspondence`,
      as: crew.agent,
      payload: { kind: "note", body: "Customer sounds angry" },
    });
    await step(t, crew.agent, reference, "await-customer", { reason: "Need the meter reading" });
    const res = await t.request({
      method: "POST",
      url: `/api/v1/public/cases/${tokenOf(link)}/messages`,
      payload: { message: "Reading is 04521" },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().messages.at(-1)).toMatchObject({ from: "you", body: "Reading is 04521" });
    expect(JSON.stringify(res.json())).not.toContain("angry");
    const staffView = (
      await t.request({ method: "GET", url: `/api/v1/cases/${reference}`, as: crew.agent })
    ).json();
    expect(staffView.status).toBe("investigating");
  });

  it("lets the customer confirm or reject the resolution once", async () => {
    const { reference, link } = (await submit(form)).json();
    await resolveCase(t, crew, reference);
    const before = (await view(tokenOf(link))).json();
    expect(before).toMatchObject({
      canConfirm: true,
      outcome: "upheld",
      resolution: "Refunded the delivery charge",
    });
    const rejected = await t.request({
      method: "POST",
      url: `/api/v1/public/cases/${tokenOf(link)}/confirmation`,
      payload: { confirmed: false, comment: "Not enough" },
    });
    expect(rejected.statusCode).toBe(200);
    expect(rejected.json()).toMatchObject({
      confirmation: "rejected",
      canConfirm: false,
      status: "being looked into",
    });
    const again = await t.request({
      method: "POST",
      url: `/api/v1/public/cases/${tokenOf(link)}/confirmation`,
      payload: { confirmed: true },
    });
    expect(again.statusCode).toBe(409);
    const staffView = (
      await t.request({ method: "GET", url: `/api/v1/cases/${reference}`, as: crew.agent })
    ).json();
    expect(staffView).toMatchObject({
      status: "investigating",
      customerConfirmation: { state: "rejected", channel: "web", note: "Not enough" },
    });
  });

  it("answers a wrong, malformed or other case's token with the same 404", async () => {
    const a = (await submit(form)).json();
    const b = (await submit({ ...form, email: "other@example.com" })).json();
    const forged = `${tokenOf(a.link).slice(0, -1)}${tokenOf(a.link).endsWith("A") ? "B" : "A"}`;
    for (const token of [forged, "short", "x".repeat(90)]) {
      const res = await view(token);
      expect(res.statusCode).toBe(404);
    }
    expect((await view(tokenOf(b.link))).json().reference).toBe(b.reference);
    expect((await view(tokenOf(a.link))).json().reference).toBe(a.reference);
  });
});

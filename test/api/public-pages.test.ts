import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp, type TestUser } from "../harness.js";
import { makeCrew, resolveCase } from "../lifecycle.js";

const formBody = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const urlencoded = { "content-type": "application/x-www-form-urlencoded" };

describe("the public pages (plain HTML until the web app)", () => {
  let t: TestApp;
  let crew: { agent: TestUser; manager: TestUser; senior: TestUser };
  beforeAll(async () => {
    t = await createTestApp();
    crew = await makeCrew(t);
  });
  afterAll(() => t.close());

  it("serves a labelled complaint form that works without script", async () => {
    const res = await t.request({ method: "GET", url: "/public/complaint" });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toContain("text/html");
    for (const id of ["name", "email", "phone", "summary", "description"]) {
      expect(res.body).toContain(`<label for="${id}">`);
      expect(res.body).toContain(`id="${id}"`);
    }
    expect(res.body).toContain('<meta name="viewport"');
    expect(
      (await t.request({ method: "GET", url: "/public/assets/public.css" })).headers["content-type"],
    ).toContain("text/css");
  });

  it("shows each bad field next to it and keeps what was typed", async () => {
    const res = await t.request({
      method: "POST",
      url: "/public/complaint",
      headers: urlencoded,
      payload: formBody({ name: "Jo <b>", summary: "", description: "x" }),
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('id="summary-error"');
    expect(res.body).toContain("Jo &lt;b&gt;");
    expect(res.body).toContain("email or a phone");
  });

  it("takes a complaint, shows the reference and link, and the link's page lets the customer answer", async () => {
    const res = await t.request({
      method: "POST",
      url: "/public/complaint",
      headers: urlencoded,
      payload: formBody({
        name: "Sam",
        email: "sam@example.com",
        summary: "Engineer never came",
        description: "Waited all day on 3 March",
      }),
    });
    expect(res.statusCode).toBe(201);
    const reference = /CMP-2026-\d{6}/.exec(res.body)![0];
    const link = /href="(http:\/\/localhost:3000\/public\/case\/[^"]+)"/.exec(res.body)![1]!;
    const path = new URL(link).pathname;
    const page = await t.request({ method: "GET", url: path });
    expect(page.body).toContain(`Your complaint ${reference}`);
    expect(page.body).toContain("Status: received");
    const sent = await t.request({
      method: "POST",
      url: `${path}/message`,
      headers: urlencoded,
      payload: formBody({ message: "I can do Friday" }),
    });
    expect(sent.statusCode).toBe(303);
    expect((await t.request({ method: "GET", url: sent.headers.location as string })).body).toContain(
      "I can do Friday",
    );
    await resolveCase(t, crew, reference);
    expect((await t.request({ method: "GET", url: path })).body).toContain(
      "Does this resolve your complaint?",
    );
    const confirmed = await t.request({
      method: "POST",
      url: `${path}/confirm`,
      headers: urlencoded,
      payload: formBody({ confirmed: "true" }),
    });
    expect(confirmed.statusCode).toBe(303);
    const staff = (
      await t.request({ method: "GET", url: `/api/v1/cases/${reference}`, as: crew.agent })
    ).json();
    expect(staff.customerConfirmation).toMatchObject({ state: "confirmed", channel: "web" });
  });

  it("answers a bad link with a page, not JSON", async () => {
    const res = await t.request({ method: "GET", url: "/public/case/not-a-real-token" });
    expect(res.statusCode).toBe(404);
    expect(res.headers["content-type"]).toContain("text/html");
    expect(res.body).toContain("This link does not work");
  });

  it("still refuses form posts on the API (CSRF: JSON only there)", async () => {
    const res = await t.request({
      method: "POST",
      url: "/api/v1/public/complaints",
      headers: urlencoded,
      payload: "name=x",
    });
    expect(res.statusCode).toBe(415);
  });
});

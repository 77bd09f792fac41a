import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemActor } from "../../src/server/context.js";
import { smtpMailer } from "../../src/server/mail/mailer.js";
import { deliverOutbox } from "../../src/server/mail/outbox.worker.js";
import { makeCase } from "../factories.js";
import { createTestApp, type TestApp, type TestUser } from "../harness.js";
import { startSmtp } from "../smtp.js";

describe("templates (R7): admin-editable, versioned, previewable", () => {
  let t: TestApp;
  let admin: TestUser;
  let agent: TestUser;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.user(["admin"]);
    agent = await t.user(["agent"]);
  });
  afterAll(() => t.close());

  const url = "/api/v1/templates/acknowledgment";

  it("lists the seven templates with their merge fields", async () => {
    const res = (await t.request({ method: "GET", url: "/api/v1/templates", as: agent })).json();
    expect(res.items.map((i: { key: string }) => i.key)).toHaveLength(7);
    expect(res.items[0]).toMatchObject({ key: "acknowledgment", version: 0 });
    expect(res.mergeFields["deadlines.resolve"]).toBeDefined();
  });

  it("saves a new version that the next email uses, audited", async () => {
    const current = (await t.request({ method: "GET", url, as: admin })).json();
    const saved = await t.request({
      method: "PUT",
      url,
      as: admin,
      payload: {
        subject: "Got it: {{case.reference}}",
        text: `Hello {{customer.name}}. ${current.text}`,
        html: current.html,
      },
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.json().version).toBe(1);
    const smtp = await startSmtp();
    const mailer = smtpMailer(smtp.url);
    try {
      const c = await makeCase(t, agent, { customer: { name: "Lee", email: "lee@example.com" } });
      await deliverOutbox(t.ctx(systemActor("outbox")), mailer);
      expect(smtp.received[0]!.header("Subject")).toBe(`Got it: ${c.reference}`);
    } finally {
      mailer.close();
      await smtp.close();
    }
  });

  it("refuses a template naming an unknown merge field and keeps the old one", async () => {
    const before = (await t.request({ method: "GET", url, as: admin })).json();
    const res = await t.request({
      method: "PUT",
      url,
      as: admin,
      payload: { subject: "Hi {{customer.firstname}}", text: "x", html: "x" },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0]).toMatchObject({
      field: "subject",
      message: expect.stringContaining("{{customer.firstname}}"),
    });
    expect((await t.request({ method: "GET", url, as: admin })).json().version).toBe(before.version);
  });

  it("previews with example values; only admins save", async () => {
    const preview = await t.request({
      method: "POST",
      url: `${url}/preview`,
      as: agent,
      payload: { subject: "For {{customer.name}}" },
    });
    expect(preview.json().subject).toBe("For Jane Doe");
    expect(
      (await t.request({ method: "PUT", url, as: agent, payload: { subject: "x", text: "x", html: "x" } }))
        .statusCode,
    ).toBe(403);
    expect(
      (await t.request({ method: "GET", url: "/api/v1/templates/newsletter", as: admin })).statusCode,
    ).toBe(400);
  });
});

import { sql } from "drizzle-orm";
import MailComposer from "nodemailer/lib/mail-composer/index.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../src/server/db/client.js";
import { createTestApp, type TestApp, type TestUser } from "../harness.js";
import { createInboundApp, INBOUND_TOKEN, OUR_ADDRESS, rawEmail, sha256 } from "../inbound.js";

/** The HTTP door for mail relays: its token, its bad input, taking a message once, and what it stores. */
describe("email in over HTTP: the door (POST /api/v1/inbound/email)", () => {
  let t: TestApp;
  let inbound: Awaited<ReturnType<typeof createInboundApp>>;
  let admin: TestUser;
  const everything = async () =>
    Promise.all([inbound.count("inbound_messages"), inbound.count("cases"), inbound.count("correspondence")]);

  beforeAll(async () => {
    inbound = await createInboundApp();
    t = inbound.t;
    admin = await t.user(["admin"]);
  });
  afterAll(() => t.close());

  it("takes the same Message-ID once: a second copy is a duplicate that writes nothing", async () => {
    const raw = rawEmail();
    const first = (await inbound.post(raw)).json();
    const before = await everything();
    const again = await inbound.post(raw);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({
      outcome: "duplicate",
      messageId: first.messageId,
      reference: first.reference,
    });
    expect(await everything()).toEqual(before);
  });

  it("takes two concurrent posts of one message once", async () => {
    const raw = rawEmail();
    const cases = await inbound.count("cases");
    const answers = await Promise.all([inbound.post(raw), inbound.post(raw)]);
    expect(answers.map((a) => a.json().outcome).sort()).toEqual(["duplicate", "opened"]);
    expect(await inbound.count("cases")).toBe(cases + 1);
  });

  it("gives a message without a Message-ID a stable one from its bytes", async () => {
    const raw = rawEmail({ headers: { "Message-ID": "" } });
    expect((await inbound.post(raw)).json().messageId).toBe(`<${sha256(raw)}@redress.invalid>`);
    expect((await inbound.post(raw)).json().outcome).toBe("duplicate");
  });

  it("stores HTML sanitised: no script, no event handler, no remote image", async () => {
    const html =
      '<p>The <b>lid</b> was cracked.</p><script>fetch("https://evil.example")</script>' +
      '<img src="https://track.example/p.gif" onerror="alert(1)"><p onmouseover="x()">Thanks</p>';
    const raw = rawEmail({
      headers: { "MIME-Version": "1.0", "Content-Type": "text/html; charset=utf-8" },
      body: html,
    });
    const res = await inbound.post(raw);
    expect(res.statusCode).toBe(201);
    const [mail] = await inbound.mailsOf(res.json().reference);
    expect(mail!.body_html).toBe("<p>The <b>lid</b> was cracked.</p><p>Thanks</p>");
    expect(mail!.body).toContain("The lid was cracked.");
    const shown = await t.request({
      method: "GET",
      url: `/api/v1/cases/${res.json().reference}/correspondence`,
      as: admin,
    });
    expect(shown.json().items).toContainEqual(
      expect.objectContaining({ bodyHtml: "<p>The <b>lid</b> was cracked.</p><p>Thanks</p>" }),
    );
  });

  it("keeps attachments with their SHA-256 and the original message; refuses an .exe but keeps the email", async () => {
    const pdf = Buffer.from(
      "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n",
    );
    const exe = Buffer.concat([Buffer.from("MZ"), Buffer.alloc(512, 1)]);
    const raw = await new MailComposer({
      from: '"Pat" <pat.files@example.com>',
      to: OUR_ADDRESS,
      subject: "Receipt attached",
      text: "Here is my receipt.",
      messageId: "<files-1@example.com>",
      attachments: [
        { filename: "receipt.pdf", content: pdf, contentType: "application/pdf" },
        { filename: "invoice.exe", content: exe, contentType: "application/octet-stream" },
      ],
    })
      .compile()
      .build();
    const res = await inbound.post(raw);
    expect(res.statusCode).toBe(201);
    const [mail] = await inbound.mailsOf(res.json().reference);
    expect(mail!.body).toMatch(
      /^Here is my receipt\.\n\n\[Not kept from this email:\n- invoice\.exe: invoice\.exe is /,
    );
    const files = await queryRows<{
      filename: string;
      content_type: string;
      sha256: string;
      size_bytes: number;
    }>(
      t.db,
      sql`SELECT filename, content_type, sha256, size_bytes FROM attachments
          WHERE correspondence_id = ${mail!.id} AND source = 'email' ORDER BY filename`,
    );
    expect(files).toEqual([
      {
        filename: "original-message.eml",
        content_type: "message/rfc822",
        sha256: sha256(raw),
        size_bytes: raw.byteLength,
      },
      {
        filename: "receipt.pdf",
        content_type: "application/pdf",
        sha256: sha256(pdf),
        size_bytes: pdf.byteLength,
      },
    ]);
  });

  it.each([
    ["plain text that is not a message", "just some words, no headers", /no header section/],
    [
      "a message without a From address",
      "Subject: hello\r\nTo: care@redress.test\r\n\r\nbody",
      /no From header/,
    ],
    ["a From header without an address", "From: Jane\r\nSubject: hi\r\n\r\nbody", /holds no email address/],
    ["an empty body", "", /the body is empty/],
  ])("refuses %s with 400 problem+json and writes nothing", async (_name, raw, detail) => {
    const before = await everything();
    const res = await inbound.post(Buffer.from(raw));
    expect(res.statusCode).toBe(400);
    expect(res.headers["content-type"]).toContain("application/problem+json");
    expect(res.json()).toMatchObject({ code: "malformed_email", detail: expect.stringMatching(detail) });
    expect(await everything()).toEqual(before);
  });

  it("refuses another content type with 415", async () => {
    const res = await inbound.post(Buffer.from(JSON.stringify({ from: "a@b.c" })), {
      "content-type": "application/json",
    });
    expect(res.statusCode).toBe(415);
    expect(res.json().detail).toContain("message/rfc822");
  });

  it.each([
    ["no Authorization header", undefined],
    ["a wrong token", `Bearer ${INBOUND_TOKEN}x`],
    ["a token of another shape", "Basic Zm9vOmJhcg=="],
  ])("answers 401 problem+json to %s, writing nothing", async (_name, authorization) => {
    const before = await everything();
    const res = await t.request({
      method: "POST",
      url: "/api/v1/inbound/email",
      headers: { "content-type": "message/rfc822", ...(authorization ? { authorization } : {}) },
      payload: rawEmail(),
    });
    expect(res.statusCode).toBe(401);
    expect(res.headers["content-type"]).toContain("application/problem+json");
    expect(res.json().code).toBe("bad_inbound_token");
    expect(await everything()).toEqual(before);
  });

  it("does not let a user's API token or session in", async () => {
    const request = { method: "POST" as const, url: "/api/v1/inbound/email", payload: rawEmail() };
    const withToken = await t.request({
      ...request,
      as: admin,
      headers: { "content-type": "message/rfc822" },
    });
    expect(withToken.statusCode).toBe(401);
    const session = await t.request({
      method: "POST",
      url: "/api/v1/session",
      payload: { email: admin.email, password: admin.password },
    });
    expect(session.statusCode).toBe(200);
    const cookie = [session.headers["set-cookie"] ?? []].flat().join("; ");
    const withCookie = await t.request({ ...request, headers: { "content-type": "message/rfc822", cookie } });
    expect(withCookie.statusCode).toBe(401);
  });

  it("is described in the OpenAPI document", async () => {
    const doc = (await t.request({ method: "GET", url: "/api/v1/openapi.json" })).json();
    const op = doc.paths["/api/v1/inbound/email"].post;
    expect(Object.keys(op.requestBody.content)).toEqual(["message/rfc822"]);
    expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(["200", "201"]));
  });
});

describe("email in over HTTP without REDRESS_INBOUND_TOKEN", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it("is off: 404 with a problem that says how to turn it on", async () => {
    const res = await t.request({
      method: "POST",
      url: "/api/v1/inbound/email",
      headers: { authorization: `Bearer ${INBOUND_TOKEN}`, "content-type": "message/rfc822" },
      payload: rawEmail(),
    });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({
      code: "inbound_disabled",
      detail: expect.stringContaining("REDRESS_INBOUND_TOKEN"),
    });
  });
});

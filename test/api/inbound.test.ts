import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../src/server/db/client.js";
import type { CaseView } from "../../src/shared/cases.schema.js";
import { makeCase } from "../factories.js";
import type { TestApp, TestUser } from "../harness.js";
import { createInboundApp, messageIdIn, OUR_ADDRESS, rawEmail } from "../inbound.js";
import { type Crew, makeCrew, resolveCase, step } from "../lifecycle.js";

/** What an inbound email becomes: a new complaint, a reply on its case, or a record that opens nothing. */
describe("email in: opening, threading, ignoring (POST /api/v1/inbound/email)", () => {
  let t: TestApp;
  let inbound: Awaited<ReturnType<typeof createInboundApp>>;
  let crew: Crew;
  let admin: TestUser;
  const getCase = async (reference: string): Promise<CaseView> =>
    (await t.request({ method: "GET", url: `/api/v1/cases/${reference}`, as: admin })).json();
  const noticesOf = async (user: TestUser) =>
    (await t.request({ method: "GET", url: "/api/v1/notifications", as: user })).json().items;

  beforeAll(async () => {
    inbound = await createInboundApp();
    t = inbound.t;
    crew = await makeCrew(t);
    admin = await t.user(["admin"]);
  });
  afterAll(() => t.close());

  it("opens a complaint from a new email: channel email, the sender as customer, the acknowledgment queued", async () => {
    const raw = rawEmail({ from: '"Jane Doe" <jane.new@example.com>', subject: "  Broken vase  " });
    const res = await inbound.post(raw);
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toEqual({
      outcome: "opened",
      reference: expect.stringMatching(/^CMP-2026-\d{6}$/),
      messageId: messageIdIn(raw),
    });
    const c = await getCase(body.reference);
    expect(c).toMatchObject({
      type: "complaint",
      channel: "email",
      summary: "Broken vase",
      description: "The vase inside was in pieces. Please help.",
      customer: { name: "Jane Doe", email: "jane.new@example.com" },
    });
    const queued = await queryRows<{ to_address: string; subject: string }>(
      t.db,
      sql`SELECT to_address, subject FROM outbox WHERE case_id = ${c.id}`,
    );
    expect(queued).toEqual([
      { to_address: "jane.new@example.com", subject: `We have received your complaint (${body.reference})` },
    ]);
    const [mail] = await inbound.mailsOf(body.reference);
    expect(mail).toMatchObject({
      from_address: "Jane Doe <jane.new@example.com>",
      message_id: body.messageId,
    });
    expect(await inbound.inboundRow(body.messageId)).toEqual({
      outcome: "opened",
      reason: null,
      via: "api",
      case_id: c.id,
    });
    const history = await t.request({
      method: "GET",
      url: `/api/v1/cases/${body.reference}/history`,
      as: admin,
    });
    expect(history.body).toContain("case.email_received");
  });

  it("uses the first line of the text as the summary when there is no subject", async () => {
    const res = await inbound.post(
      rawEmail({ subject: "", body: "\r\nMy heater broke again.\r\nThird time." }),
    );
    expect(res.statusCode).toBe(201);
    expect((await getCase(res.json().reference)).summary).toBe("My heater broke again.");
  });

  it("threads a reply that names the case reference in its subject onto that case and tells its owner", async () => {
    const c = await makeCase(t, crew.agent);
    await step(t, crew.agent, c.reference, "acknowledge");
    const assigned = await step(t, crew.manager, c.reference, "assign", { ownerId: crew.agent.id });
    const subject = `Re: your complaint (${c.reference.toLowerCase()})`;
    const res = await inbound.post(rawEmail({ subject, body: "Photos to follow." }));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      outcome: "threaded",
      reference: c.reference,
      reason: `subject names ${c.reference}`,
    });
    expect((await inbound.mailsOf(c.reference)).map((m) => m.body)).toEqual(["Photos to follow."]);
    expect(await noticesOf(crew.agent)).toContainEqual(
      expect.objectContaining({
        caseId: c.id,
        message: expect.stringContaining(`New email on ${c.reference}`),
      }),
    );
    expect((await getCase(c.reference)).version).toBe(assigned.version + 1);
  });

  it("threads a reply to our acknowledgment by its In-Reply-To, whatever the subject says", async () => {
    const opened = (await inbound.post(rawEmail({ subject: "Late delivery" }))).json();
    const [sent] = await queryRows<{ message_id: string }>(
      t.db,
      sql`SELECT o.message_id FROM outbox o JOIN cases k ON k.id = o.case_id WHERE k.reference = ${opened.reference}`,
    );
    const id = sent!.message_id;
    const res = await inbound.post(
      rawEmail({ subject: "thanks", headers: { "In-Reply-To": id, References: id } }),
    );
    expect(res.json()).toMatchObject({
      outcome: "threaded",
      reference: opened.reference,
      reason: `In-Reply-To ${id}`,
    });
    expect(await inbound.mailsOf(opened.reference)).toHaveLength(2);
  });

  it("resumes a case that was awaiting the customer", async () => {
    const c = await makeCase(t, crew.agent);
    await step(t, crew.agent, c.reference, "acknowledge");
    await step(t, crew.manager, c.reference, "assign", { ownerId: crew.agent.id });
    await step(t, crew.agent, c.reference, "start-investigation");
    await step(t, crew.agent, c.reference, "await-customer", { reason: "Need photos" });
    await inbound.post(rawEmail({ subject: `Photos for ${c.reference}` }));
    expect((await getCase(c.reference)).status).toBe("investigating");
  });

  it("adds mail for a closed case to it without reopening it, and tells the owner", async () => {
    const c = await makeCase(t, crew.agent);
    await resolveCase(t, crew, c.reference);
    await step(t, crew.manager, c.reference, "verify");
    await step(t, crew.agent, c.reference, "customer-confirmation", { confirmed: true, channel: "phone" });
    await step(t, crew.manager, c.reference, "close");
    const res = await inbound.post(rawEmail({ subject: `One more thing about ${c.reference}` }));
    expect(res.json()).toMatchObject({
      outcome: "threaded",
      reason: expect.stringContaining("closed and was not reopened"),
    });
    expect((await getCase(c.reference)).status).toBe("closed");
    expect(await noticesOf(crew.agent)).toContainEqual(
      expect.objectContaining({ caseId: c.id, message: expect.stringContaining("the case is closed") }),
    );
  });

  it("opens a new complaint for mail about an archived case, naming the old reference", async () => {
    const c = await makeCase(t, crew.agent);
    // No archive step exists yet (R10 retention): put the case in the state it would leave.
    await t.db.execute(sql`UPDATE cases SET status = 'archived' WHERE id = ${c.id}`);
    const res = await inbound.post(rawEmail({ subject: `Re: ${c.reference}` }));
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({ outcome: "opened", reason: `answers archived ${c.reference}` });
    expect(body.reference).not.toBe(c.reference);
    expect((await getCase(body.reference)).description).toContain(`${c.reference}, which is archived`);
    expect(await inbound.mailsOf(c.reference)).toEqual([]);
  });

  it.each([
    [
      "an auto-reply",
      { headers: { "Auto-Submitted": "auto-replied" } },
      "auto-reply: Auto-Submitted: auto-replied",
    ],
    [
      "an out-of-office (Precedence: bulk)",
      { headers: { Precedence: "bulk" } },
      "auto-reply: Precedence: bulk",
    ],
    [
      "our own mail coming back (a loop)",
      { from: `Customer Care <${OUR_ADDRESS}>` },
      `loop: sent from our own address ${OUR_ADDRESS}`,
    ],
  ])("records %s as ignored and opens nothing", async (_name, options, reason) => {
    const cases = await inbound.count("cases");
    const raw = rawEmail(options);
    const res = await inbound.post(raw);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ outcome: "ignored", messageId: messageIdIn(raw), reason });
    expect(await inbound.inboundRow(messageIdIn(raw))).toEqual({
      outcome: "ignored",
      reason,
      via: "api",
      case_id: null,
    });
    expect(await inbound.count("cases")).toBe(cases);
  });

  it("records a bounce (multipart/report from MAILER-DAEMON) as ignored and opens nothing", async () => {
    const cases = await inbound.count("cases");
    const bounce = [
      "From: Mail Delivery System <MAILER-DAEMON@mx.example.com>",
      "To: care@redress.test",
      "Subject: Undelivered Mail Returned to Sender",
      "Message-ID: <bounce-1@mx.example.com>",
      "MIME-Version: 1.0",
      'Content-Type: multipart/report; report-type=delivery-status; boundary="B"',
      "",
      "--B",
      "Content-Type: text/plain",
      "",
      "Your message could not be delivered.",
      "--B",
      "Content-Type: message/delivery-status",
      "",
      "Reporting-MTA: dns; mx.example.com",
      "",
      "Final-Recipient: rfc822; gone@example.com",
      "Action: failed",
      "Status: 5.1.1",
      "--B--",
      "",
    ].join("\r\n");
    const res = await inbound.post(Buffer.from(bounce));
    expect(res.json()).toMatchObject({ outcome: "ignored", reason: expect.stringMatching(/^bounce: /) });
    expect(await inbound.inboundRow("<bounce-1@mx.example.com>")).toMatchObject({ outcome: "ignored" });
    expect(await inbound.count("cases")).toBe(cases);
  });
});

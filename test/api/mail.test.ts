import { sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { systemActor } from "../../src/server/context.js";
import { queryRows } from "../../src/server/db/client.js";
import { MailError, type Mailer, smtpMailer } from "../../src/server/mail/mailer.js";
import { deliverOutbox } from "../../src/server/mail/outbox.worker.js";
import { makeCase } from "../factories.js";
import { createTestApp, type TestApp, type TestUser } from "../harness.js";
import { startSmtp } from "../smtp.js";

async function outboxRows(t: TestApp, caseId: string) {
  return queryRows<{ status: string; attempts: number; message_id: string; last_error: string | null }>(
    t.db,
    sql`SELECT status, attempts, message_id, last_error FROM outbox WHERE case_id = ${caseId}`,
  );
}

describe("outgoing mail (R7): outbox, SMTP, acknowledgment", () => {
  let t: TestApp;
  let agent: TestUser;
  let admin: TestUser;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let mailer: Mailer;
  const deliver = (m: Mailer = mailer) => deliverOutbox(t.ctx(systemActor("outbox")), m);

  beforeAll(async () => {
    t = await createTestApp();
    agent = await t.user(["agent"]);
    admin = await t.user(["admin"]);
    smtp = await startSmtp();
    mailer = smtpMailer(smtp.url);
  });
  afterEach(async () => {
    await deliver(); // leave nothing due for the next test
  });
  afterAll(async () => {
    mailer.close();
    await smtp.close();
    await t.close();
  });

  it("emails the acknowledgment with the expected date, puts it on the case file, and acknowledges when sent", async () => {
    const c = await makeCase(t, agent, { customer: { name: "Jane Doe", email: "jane@example.com" } });
    expect(c.status).toBe("new");
    const pending = (
      await t.request({ method: "GET", url: `/api/v1/cases/${c.reference}/correspondence`, as: agent })
    ).json().items;
    expect(pending).toMatchObject([
      { kind: "email", direction: "outbound", deliveryStatus: "pending", to: "jane@example.com" },
    ]);
    const before = smtp.received.length;
    expect(await deliver()).toEqual({ sent: 1, retried: 0, dead: 0 });
    const mail = smtp.received[before]!;
    expect(mail.to).toEqual(["jane@example.com"]);
    expect(mail.header("Subject")).toBe(`We have received your complaint (${c.reference})`);
    expect(mail.raw).toContain("Monday 9 March 2026, 10:00 GMT");
    const [row] = await outboxRows(t, c.id);
    expect(mail.header("Message-ID")).toBe(row!.message_id);
    expect(mail.header("Auto-Submitted")).toBe("auto-generated");
    const after = (await t.request({ method: "GET", url: `/api/v1/cases/${c.reference}`, as: agent })).json();
    expect(after).toMatchObject({
      status: "acknowledged",
      deadlineStatus: { acknowledge: { state: "met" } },
    });
    const sent = (
      await t.request({ method: "GET", url: `/api/v1/cases/${c.reference}/correspondence`, as: agent })
    ).json().items;
    expect(sent[0].deliveryStatus).toBe("sent");
  });

  it("sends nothing for a phone-only complaint, and nothing when the policy switch is off", async () => {
    const phone = await makeCase(t, agent, { customer: { name: "Pat", phone: "+44 7700 900001" } });
    expect(await outboxRows(t, phone.id)).toEqual([]);
    const policy = (await t.request({ method: "GET", url: "/api/v1/policy", as: admin })).json();
    await t.request({
      method: "PUT",
      url: "/api/v1/policy",
      as: admin,
      payload: { ...policy, autoAcknowledge: false },
    });
    const quiet = await makeCase(t, agent);
    expect(await outboxRows(t, quiet.id)).toEqual([]);
    await t.request({
      method: "PUT",
      url: "/api/v1/policy",
      as: admin,
      payload: { ...policy, autoAcknowledge: true },
    });
  });

  it("does not acknowledge twice when staff acknowledged before the email went out", async () => {
    const c = await makeCase(t, agent);
    await t.request({ method: "POST", url: `/api/v1/cases/${c.reference}/acknowledge`, as: agent });
    await deliver();
    const history = (
      await t.request({ method: "GET", url: `/api/v1/cases/${c.reference}/history`, as: agent })
    ).json().items;
    expect(history.filter((e: { action: string }) => e.action === "case.acknowledge")).toHaveLength(1);
  });

  it("keeps mail while the server is down and sends it, once, when it is back", async () => {
    const c = await makeCase(t, agent);
    const down = smtpMailer("smtp://127.0.0.1:1");
    expect(await deliver(down)).toEqual({ sent: 0, retried: 1, dead: 0 });
    const [waiting] = await outboxRows(t, c.id);
    expect(waiting).toMatchObject({ status: "pending", attempts: 1, last_error: expect.any(String) });
    expect((await deliver()).sent).toBe(0); // not due again until the back-off has passed
    t.clock.advance(60_000);
    const before = smtp.received.length;
    expect((await deliver()).sent).toBe(1);
    expect(smtp.received.length - before).toBe(1);
    down.close();
  });

  it("loses nothing when the SMTP server is down for an hour: every message goes out once afterwards", async () => {
    const made = await Promise.all(
      [1, 2, 3, 4, 5].map((i) =>
        makeCase(t, agent, { customer: { name: `Customer ${i}`, email: `outage${i}@example.com` } }),
      ),
    );
    const down = smtpMailer("smtp://127.0.0.1:1");
    for (let minute = 0; minute < 60; minute++) {
      const result = await deliver(down);
      expect(result.sent + result.dead).toBe(0);
      t.clock.advance(60_000);
    }
    down.close();
    for (const c of made) {
      const [row] = await outboxRows(t, c.id);
      expect(row).toMatchObject({ status: "pending" });
      expect(row!.attempts).toBeGreaterThanOrEqual(5); // retried with back-off, not given up
    }
    const before = smtp.received.length;
    for (let minute = 0; minute < 40; minute++) {
      await deliver();
      t.clock.advance(60_000);
    }
    const sent = smtp.received.slice(before).flatMap((m) => m.to);
    expect(sent.filter((to) => to.startsWith("outage")).sort()).toEqual(
      [1, 2, 3, 4, 5].map((i) => `outage${i}@example.com`),
    );
  });

  it("marks a permanently refused message dead, tells the admins, and resends it on request", async () => {
    const c = await makeCase(t, agent);
    const refusing: Mailer = {
      send: async () => Promise.reject(new MailError("550 no such mailbox", true)),
      close() {},
    };
    expect(await deliver(refusing)).toEqual({ sent: 0, retried: 0, dead: 1 });
    const dead = (await t.request({ method: "GET", url: "/api/v1/outbox?status=dead", as: admin })).json()
      .items;
    const message = dead.find((m: { caseId: string }) => m.caseId === c.id);
    expect(message).toMatchObject({ status: "dead", lastError: "550 no such mailbox" });
    const notices = (await t.request({ method: "GET", url: "/api/v1/notifications", as: admin })).json()
      .items;
    expect(notices[0]).toMatchObject({ kind: "email.dead", caseId: c.id });
    const file = (
      await t.request({ method: "GET", url: `/api/v1/cases/${c.reference}/correspondence`, as: agent })
    ).json();
    expect(file.items[0].deliveryStatus).toBe("failed");
    expect(
      (await t.request({ method: "POST", url: `/api/v1/outbox/${message.id}/resend`, as: agent })).statusCode,
    ).toBe(403);
    const resend = () =>
      t.request({
        method: "POST",
        url: `/api/v1/outbox/${message.id}/resend`,
        as: admin,
        headers: { "idempotency-key": `resend-${message.id}` },
      });
    const resent = await resend();
    expect(resent.json()).toMatchObject({ id: message.id, status: "pending", attempts: 0, lastError: null });
    // Retried with its key: the same answer, not a 409 for a message no longer dead.
    const retried = await resend();
    expect([retried.statusCode, retried.headers["idempotent-replay"]]).toEqual([200, "true"]);
    expect(retried.json()).toEqual(resent.json());
    // The case file shows the email on its way again, and the case's history who sent it again.
    const refiled = (
      await t.request({ method: "GET", url: `/api/v1/cases/${c.reference}/correspondence`, as: agent })
    ).json();
    expect(refiled.items[0].deliveryStatus).toBe("pending");
    const history = (
      await t.request({ method: "GET", url: `/api/v1/cases/${c.reference}/history`, as: agent })
    ).json();
    expect(history.items.at(-1)).toMatchObject({
      action: "email.resent",
      actor: { id: admin.id },
      changes: { message: { new: message.id }, status: { old: "dead", new: "pending" } },
    });
    expect(
      (await t.request({ method: "POST", url: `/api/v1/outbox/${message.id}/resend`, as: admin })).statusCode,
    ).toBe(409);
    expect((await deliver()).sent).toBe(1);
  });

  it("sends each message once when two workers run together", async () => {
    for (let i = 0; i < 6; i++) await makeCase(t, agent);
    const before = smtp.received.length;
    const [a, b] = await Promise.all([deliver(), deliver()]);
    expect(a.sent + b.sent).toBe(6);
    expect(smtp.received.length - before).toBe(6);
  });

  it("resends with the same Message-ID when a sender died before marking the message sent", async () => {
    const c = await makeCase(t, agent);
    // The first sender hands the mail to the server, then dies before it can mark it sent.
    const dying: Mailer = {
      send: async (mail) => {
        await mailer.send(mail);
        throw new Error("process killed");
      },
      close() {},
    };
    const before = smtp.received.length;
    await deliver(dying);
    t.clock.advance(60_000);
    await deliver();
    const copies = smtp.received.slice(before);
    expect(copies).toHaveLength(2);
    expect(copies[0]!.header("Message-ID")).toBe(copies[1]!.header("Message-ID"));
    expect((await outboxRows(t, c.id))[0]!.status).toBe("sent");
  });

  it("takes over a message whose sender's lease ran out", async () => {
    const c = await makeCase(t, agent);
    await t.db.execute(
      sql`UPDATE outbox SET status = 'sending', lease_until = ${t.clock.now()} WHERE case_id = ${c.id}`,
    );
    t.clock.advance(1000);
    expect((await deliver()).sent).toBe(1);
  });

  it("lets staff email the customer from a template, with their message merged in", async () => {
    const c = await makeCase(t, agent, { customer: { name: "Ravi", email: "ravi@example.com" } });
    await deliver();
    const url = `/api/v1/cases/${c.reference}/messages`;
    const missing = await t.request({
      method: "POST",
      url,
      as: agent,
      payload: { template: "request_information" },
    });
    expect(missing.statusCode).toBe(400);
    const res = await t.request({
      method: "POST",
      url,
      as: agent,
      payload: { template: "request_information", message: "Please send a photo of the serial number." },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      kind: "email",
      direction: "outbound",
      deliveryStatus: "pending",
      to: "ravi@example.com",
    });
    const before = smtp.received.length;
    await deliver();
    const mail = smtp.received[before]!;
    expect(mail.header("Subject")).toBe(`We need some more information (${c.reference})`);
    expect(mail.raw).toContain("Please send a photo of the serial number.");
    expect(mail.raw).toContain("/public/case/");
  });

  it("refuses to email a customer who has no email address", async () => {
    const c = await makeCase(t, agent, { customer: { name: "Phone Only", phone: "+44 7700 900003" } });
    const res = await t.request({
      method: "POST",
      url: `/api/v1/cases/${c.reference}/messages`,
      as: agent,
      payload: { template: "closure" },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe("no_email");
  });
});

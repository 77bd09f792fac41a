import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemActor } from "../../src/server/context.js";
import { queryRows } from "../../src/server/db/client.js";
import { type Mailer, smtpMailer } from "../../src/server/mail/mailer.js";
import { deliverOutbox } from "../../src/server/mail/outbox.worker.js";
import { mailStaffNotices } from "../../src/server/notifications/notifications.mail.js";
import { makeCase } from "../factories.js";
import { createTestApp, type TestApp, type TestUser } from "../harness.js";
import { type Crew, makeCrew, step } from "../lifecycle.js";
import { startSmtp } from "../smtp.js";

describe("staff notices by email (R5, R7)", () => {
  let t: TestApp;
  let crew: Crew;
  let admin: TestUser;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let mailer: Mailer;
  const mailNotices = () => mailStaffNotices(t.ctx(systemActor("scheduler")));
  const staffOutbox = (caseId: string) =>
    queryRows<{ to_address: string; subject: string; text_body: string; correspondence_id: string | null }>(
      t.db,
      sql`SELECT to_address, subject, text_body, correspondence_id FROM outbox WHERE case_id = ${caseId} ORDER BY to_address`,
    );

  beforeAll(async () => {
    t = await createTestApp({ env: { REDRESS_PUBLIC_URL: "https://care.example.com" } });
    crew = await makeCrew(t);
    admin = await t.user(["admin"]);
    smtp = await startSmtp();
    mailer = smtpMailer(smtp.url);
    await mailNotices(); // notices of earlier set-up are not this test's
  });
  afterAll(async () => {
    mailer.close();
    await smtp.close();
    await t.close();
  });

  it("emails each manager once when a case reaches level 2, with a link to the case page, never on the customer's file", async () => {
    const secondManager = await t.user(["manager"], "Second Manager");
    const c = await makeCase(t, crew.agent, { customer: { name: "Ann Lee", phone: "+44 20 7946 0000" } });
    await step(t, crew.agent, c.reference, "escalate", {
      reason: "Customer threatens to go to the ombudsman",
    });

    expect(await mailNotices()).toBeGreaterThanOrEqual(2);
    const mails = await staffOutbox(c.id);
    const to = mails.map((m) => m.to_address);
    expect(to).toContain(crew.manager.email);
    expect(to).toContain(secondManager.email);
    expect(to).not.toContain(crew.senior.email); // level 2 is for managers
    for (const mail of mails) {
      expect(mail.subject).toBe(`${c.reference} needs you: ${c.summary}`);
      expect(mail.text_body).toContain(`is now at level 2 (escalated by hand)`);
      expect(mail.text_body).toContain(`https://care.example.com/cases/${c.reference}`);
      expect(mail.correspondence_id).toBeNull();
    }
    const file = (
      await t.request({ method: "GET", url: `/api/v1/cases/${c.reference}/correspondence`, as: crew.manager })
    ).json();
    expect(file.items).toEqual([]);

    expect(await mailNotices()).toBe(0); // taken once
    expect(await staffOutbox(c.id)).toHaveLength(mails.length);

    const before = smtp.received.length;
    await deliverOutbox(t.ctx(systemActor("outbox")), mailer);
    const delivered = smtp.received.slice(before).filter((m) => m.to.includes(crew.manager.email));
    expect(delivered).toHaveLength(1);
    expect(delivered[0]!.header("Subject")).toBe(`${c.reference} needs you: ${c.summary}`);
  });

  it("does not mail a deactivated colleague, and does not mail them later either", async () => {
    const leaver = await t.user(["senior"], "Leaving Senior");
    const off = await t.request({
      method: "PATCH",
      url: `/api/v1/users/${leaver.id}`,
      as: admin,
      payload: { active: false },
    });
    expect(off.statusCode).toBe(200);
    await t.db.execute(
      sql`INSERT INTO notifications (id, user_id, case_id, kind, message, created_at)
          VALUES (gen_random_uuid(), ${leaver.id}, NULL, 'case.escalated', 'old notice', now())`,
    );
    await mailNotices();
    const mailed = await queryRows<{ n: number }>(
      t.db,
      sql`SELECT count(*)::int AS n FROM outbox WHERE to_address = ${leaver.email}`,
    );
    expect(mailed[0]!.n).toBe(0);
    const left = await queryRows<{ n: number }>(
      t.db,
      sql`SELECT count(*)::int AS n FROM notifications WHERE user_id = ${leaver.id} AND emailed_at IS NULL`,
    );
    expect(left[0]!.n).toBe(0);
  });

  it("groups several notices about one case into one email per person", async () => {
    const c = await makeCase(t, crew.agent);
    await step(t, crew.agent, c.reference, "acknowledge");
    await step(t, crew.manager, c.reference, "assign", { ownerId: crew.manager.id }); // "is now yours"
    await step(t, crew.manager, c.reference, "escalate", { reason: "Press enquiry" }); // level 2: managers
    await mailNotices();
    const managerMails = (await staffOutbox(c.id)).filter((m) => m.to_address === crew.manager.email);
    expect(managerMails).toHaveLength(1);
    expect(managerMails[0]!.text_body).toContain(`${c.reference} is now yours`);
    expect(managerMails[0]!.text_body).toContain("is now at level 2");
  });

  it("keeps dead-letter notices in the app only, so failing mail cannot breed more mail", async () => {
    await t.db.execute(
      sql`INSERT INTO notifications (id, user_id, case_id, kind, message, created_at)
          VALUES (gen_random_uuid(), ${admin.id}, NULL, 'email.dead', 'An email could not be delivered', now())`,
    );
    await mailNotices();
    const mailed = await queryRows<{ n: number }>(
      t.db,
      sql`SELECT count(*)::int AS n FROM outbox WHERE to_address = ${admin.email}`,
    );
    expect(mailed[0]!.n).toBe(0);
    expect(await mailNotices()).toBe(0);
  });
});

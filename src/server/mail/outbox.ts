import { randomUUID } from "node:crypto";
import { v7 as uuidv7 } from "uuid";
import type { Ctx } from "../context.js";
import type { Db } from "../db/client.js";
import { correspondence, outbox } from "../db/schema/index.js";
import { issueCaseLink } from "../public/links.js";
import { type MergeData, renderTemplate, type TemplateBody, type TemplateKey } from "./templates.js";
import { currentTemplate } from "./templates.store.js";

export interface EmailToCustomer {
  caseId: string;
  to: string;
  template: TemplateKey;
  data: MergeData;
  /** Performed on the case when the message is actually sent (see outbox.worker.ts). */
  onSent?: "acknowledge";
}

/**
 * R7: queues an email in the caller's transaction — written with the event that causes it, so it is never
 * lost — and puts it on the case file as outgoing correspondence (delivery pending until sent).
 */
export async function queueEmail(
  tx: Db,
  ctx: Ctx,
  email: EmailToCustomer,
): Promise<{ outboxId: string; correspondenceId: string }> {
  const now = ctx.clock.now();
  // Every email to the customer carries a fresh link to their case (R7).
  const link = await issueCaseLink(tx, email.caseId, now, ctx.config);
  const rendered = renderTemplate(await currentTemplate(tx, email.template), {
    ...email.data,
    link: link.url,
  });
  const messageId = newMessageId(ctx);
  const correspondenceId = uuidv7();
  await tx.insert(correspondence).values({
    id: correspondenceId,
    caseId: email.caseId,
    kind: "email",
    direction: "outbound",
    occurredAt: now,
    recordedAt: now,
    authorId: ctx.actor.userId,
    fromAddress: ctx.config.mailFrom,
    toAddress: email.to,
    subject: rendered.subject,
    body: rendered.text,
    messageId,
    templateKey: email.template,
    deliveryStatus: "pending",
  });
  const outboxId = await insertOutbox(tx, now, {
    caseId: email.caseId,
    correspondenceId,
    to: email.to,
    rendered,
    messageId,
    onSent: email.onSent ?? null,
  });
  return { outboxId, correspondenceId };
}

/** A Message-ID of our own host: stable for the message's life, so a resend is recognisably the same mail. */
export function newMessageId(ctx: Ctx): string {
  const host = new URL(ctx.config.publicUrl).hostname || "redress.local";
  return `<${randomUUID()}@${host}>`;
}

/** The outbox row itself: customer mail (with its correspondence) and staff notices both leave through it. */
export async function insertOutbox(
  tx: Db,
  now: Date,
  message: {
    caseId: string | null;
    correspondenceId: string | null;
    to: string;
    rendered: TemplateBody;
    messageId: string;
    onSent: "acknowledge" | null;
  },
): Promise<string> {
  const id = uuidv7();
  await tx.insert(outbox).values({
    id,
    caseId: message.caseId,
    correspondenceId: message.correspondenceId,
    toAddress: message.to,
    subject: message.rendered.subject,
    textBody: message.rendered.text,
    htmlBody: message.rendered.html,
    messageId: message.messageId,
    onSent: message.onSent,
    status: "pending",
    nextAttemptAt: now,
    createdAt: now,
  });
  return id;
}

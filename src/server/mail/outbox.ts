import { randomUUID } from "node:crypto";
import { v7 as uuidv7 } from "uuid";
import type { Ctx } from "../context.js";
import type { Db } from "../db/client.js";
import { correspondence, outbox } from "../db/schema/index.js";
import { issueCaseLink } from "../public/links.js";
import { type MergeData, renderTemplate, type TemplateKey } from "./templates.js";
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
  const host = new URL(ctx.config.publicUrl).hostname || "redress.local";
  const messageId = `<${randomUUID()}@${host}>`;
  const correspondenceId = uuidv7();
  const outboxId = uuidv7();
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
  await tx.insert(outbox).values({
    id: outboxId,
    caseId: email.caseId,
    correspondenceId,
    toAddress: email.to,
    subject: rendered.subject,
    textBody: rendered.text,
    htmlBody: rendered.html,
    messageId,
    onSent: email.onSent ?? null,
    status: "pending",
    nextAttemptAt: now,
    createdAt: now,
  });
  return { outboxId, correspondenceId };
}

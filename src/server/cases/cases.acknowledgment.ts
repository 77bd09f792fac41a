import { randomUUID } from "node:crypto";
import type { Table } from "drizzle-orm";
import { v7 as uuidv7 } from "uuid";
import { hashSecret, newSecret } from "../auth/secrets.js";
import type { Ctx } from "../context.js";
import type { Db } from "../db/client.js";
import { caseLinks, correspondence, outbox } from "../db/schema/index.js";
import { caseMergeData } from "../mail/merge.js";
import { newMessageId } from "../mail/outbox.js";
import { renderTemplate } from "../mail/templates.js";
import { currentTemplate, type StoredTemplate } from "../mail/templates.store.js";
import type { CaseRow } from "./cases.queries.js";

/** A row that belongs to a case being logged, written in the statement that inserts the case. */
export interface CaseFollowUp {
  table: Table;
  values: Record<string, unknown>;
}

/**
 * Stands for the case's reference in follow-up rows rendered before the reference exists; the intake
 * statement replaces it with the reference it takes (`replace(…, mark, new_case.reference)`).
 * Letters and digits only, so that HTML escaping leaves it as it is.
 */
export const REFERENCE_MARK = `RDRREF${randomUUID().replaceAll("-", "")}`;

/** Template versions are never changed once written: the acknowledgment's, by version, per database. */
const acknowledgmentTemplates = new WeakMap<Db, Map<number, StoredTemplate>>();

/** The acknowledgment template of `version`: kept, or read (through the caller's transaction) and kept. */
async function acknowledgmentTemplate(tx: Db, database: Db, version: number): Promise<StoredTemplate> {
  let versions = acknowledgmentTemplates.get(database);
  if (!versions) {
    versions = new Map();
    acknowledgmentTemplates.set(database, versions);
  }
  const known = versions.get(version);
  if (known) return known;
  const current = await currentTemplate(tx, "acknowledgment");
  versions.set(current.version, current);
  return current;
}

/**
 * R7: the acknowledgment email of a new complaint, as the rows `queueEmail` (mail/outbox.ts) writes — a
 * fresh case link (public/links.ts keeps only its hash), the outgoing email on the case file, and the
 * outbox message acknowledging the case when sent — but returned instead of inserted, so that the intake
 * writes them in the statement that takes the reference: the counter row is then held for one
 * statement, not for three more round trips. Keep in step with queueEmail and issueCaseLink.
 */
export async function acknowledgmentRows(
  tx: Db,
  ctx: Ctx,
  email: {
    caseFields: Omit<Parameters<typeof caseMergeData>[0], "reference">;
    to: string;
    customerName: string | null;
    timezone: string;
    /** The current template version, as the intake's customer statement read it. */
    templateVersion: number;
  },
  caseId: CaseRow["id"],
): Promise<CaseFollowUp[]> {
  const now = ctx.clock.now();
  const token = newSecret();
  const template = await acknowledgmentTemplate(tx, ctx.db, email.templateVersion);
  const rendered = renderTemplate(template, {
    ...caseMergeData(
      { ...email.caseFields, reference: REFERENCE_MARK },
      email.customerName,
      email.timezone,
      ctx.config,
    ),
    link: `${ctx.config.publicUrl}/public/case/${token}`,
  });
  const messageId = newMessageId(ctx);
  const correspondenceId = uuidv7();
  const link: typeof caseLinks.$inferInsert = { tokenHash: hashSecret(token), caseId, createdAt: now };
  const onFile: typeof correspondence.$inferInsert = {
    id: correspondenceId,
    caseId,
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
    templateKey: "acknowledgment",
    deliveryStatus: "pending",
  };
  const queued: typeof outbox.$inferInsert = {
    id: uuidv7(),
    caseId,
    correspondenceId,
    toAddress: email.to,
    subject: rendered.subject,
    textBody: rendered.text,
    htmlBody: rendered.html,
    messageId,
    onSent: "acknowledge",
    status: "pending",
    nextAttemptAt: now,
    createdAt: now,
  };
  return [
    { table: caseLinks, values: link },
    { table: correspondence, values: onFile },
    { table: outbox, values: queued },
  ];
}

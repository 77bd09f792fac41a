import { and, asc, eq, inArray } from "drizzle-orm";
import { v7 as uuidv7 } from "uuid";
import type { z } from "zod";
import type { UploadedPart } from "../../shared/attachments.schema.js";
import type { publicComplaintSchema } from "../../shared/public.schema.js";
import { findAttachmentContent, listCaseAttachmentsWithMessage } from "../attachments/attachments.queries.js";
import { checkFiles, storeAttachments } from "../attachments/attachments.service.js";
import { applyCaseAction } from "../cases/cases.actions.js";
import { saveCaseChange } from "../cases/cases.change.js";
import { type CaseRow, lockCaseById } from "../cases/cases.queries.js";
import { logCase } from "../cases/cases.service.js";
import { type Ctx, publicActor } from "../context.js";
import type { Db } from "../db/client.js";
import { cases, correspondence } from "../db/schema/index.js";
import { transact } from "../db/transact.js";
import { AppError, invalid, notFound } from "../errors.js";
import { latestInvitation } from "../feedback/feedback.queries.js";
import { surveyState } from "../feedback/feedback.service.js";
import { STATUS_WORDS } from "../mail/merge.js";
import { caseIdOfLink, issueCaseLink } from "./links.js";

const linkNotFound = () =>
  notFound("this case link", "check that you copied the whole link from our email, or contact us");

/**
 * R1: a complaint from the public web form: channel web, no login; answers with the reference and link.
 * The case, its link and the answer are one transaction, so an Idempotency-Key retry replays the answer.
 */
export async function submitPublicComplaint(ctx: Ctx, input: z.infer<typeof publicComplaintSchema>) {
  if (input.website) {
    throw invalid([
      { field: "website", message: "must be left empty (it is there to catch automated spam)" },
    ]);
  }
  const publicCtx = { ...ctx, actor: publicActor("public-form") };
  return transact(publicCtx, async (tx) => {
    const created = await logCase(tx, publicCtx, {
      type: "complaint",
      channel: "web",
      customer: { name: input.name, email: input.email ?? null, phone: input.phone ?? null },
      summary: input.summary,
      description: input.description,
      category: input.category ?? null,
      desiredRemedy: input.desiredRemedy ?? null,
      productRef: input.productRef ?? null,
    });
    const link = await issueCaseLink(tx, created.case.id, ctx.clock.now(), ctx.config);
    return { reference: created.case.reference, link: link.url };
  });
}

async function caseOfLink(ctx: Ctx, token: string): Promise<CaseRow> {
  const caseId = await caseIdOfLink(ctx.db, token, ctx.clock.now());
  if (!caseId) throw linkNotFound();
  const [row] = await ctx.db.select().from(cases).where(eq(cases.id, caseId));
  if (!row) throw linkNotFound();
  return row;
}

/** What the customer's link shows: emails, web messages and letters — never notes or calls, nor failed mail. */
const CUSTOMER_KINDS = ["email", "web", "letter"] as const;
function isShownToCustomer(m: { kind: string; direction: string | null; deliveryStatus: string | null }) {
  return (
    (CUSTOMER_KINDS as readonly string[]).includes(m.kind) &&
    (m.direction === "inbound" || m.deliveryStatus !== "failed")
  );
}

/** R2: the files the customer may see — those they sent, and those on the messages shown to them. */
async function filesForCustomer(db: Db, caseId: string) {
  const rows = await listCaseAttachmentsWithMessage(db, caseId);
  return rows.filter(
    (f) =>
      f.row.source === "customer" ||
      (f.messageKind !== null &&
        isShownToCustomer({
          kind: f.messageKind,
          direction: f.messageDirection,
          deliveryStatus: f.messageDelivery,
        })),
  );
}

/** ISO 10002 7.3: the customer's view — status in plain words, expected date, the messages meant for them. */
export async function viewPublicCase(ctx: Ctx, token: string) {
  return publicView(ctx, ctx.db, await caseOfLink(ctx, token));
}

/** The customer's view of a case, read through `db` (a write's transaction, so it answers the write). */
async function publicView(ctx: Ctx, db: Db, c: CaseRow) {
  const messages = await db
    .select()
    .from(correspondence)
    .where(and(eq(correspondence.caseId, c.id), inArray(correspondence.kind, CUSTOMER_KINDS)))
    .orderBy(asc(correspondence.occurredAt), asc(correspondence.id));
  const files = await filesForCustomer(db, c.id);
  const invitation = await latestInvitation(db, c.id);
  const finished = c.status === "resolved" || c.status === "closed" || c.status === "archived";
  const { calendar } = await ctx.settings.ofCase(db, c);
  return {
    reference: c.reference,
    timezone: calendar.timezone,
    status: STATUS_WORDS[c.status] ?? c.status,
    receivedAt: c.receivedAt.toISOString(),
    expectedResolutionBy: finished || c.pausedAt ? null : c.resolveDueAt.toISOString(),
    resolvedAt: c.resolvedAt?.toISOString() ?? null,
    outcome: c.outcome ? (STATUS_WORDS[c.outcome] ?? c.outcome) : null,
    resolution: c.status === "resolved" || c.status === "closed" ? c.resolutionNotes : null,
    canConfirm: c.status === "resolved" && !c.confirmation,
    confirmation: c.confirmation,
    messages: messages.filter(isShownToCustomer).map((m) => ({
      at: m.occurredAt.toISOString(),
      from: m.direction === "inbound" ? ("you" as const) : ("us" as const),
      subject: m.subject,
      body: m.body,
    })),
    attachments: files.map(({ row, messageDirection }) => ({
      id: row.id,
      filename: row.filename,
      contentType: row.contentType,
      sizeBytes: row.sizeBytes,
      at: row.uploadedAt.toISOString(),
      from: row.source === "customer" || messageDirection === "inbound" ? ("you" as const) : ("us" as const),
    })),
    survey: invitation
      ? { state: surveyState(invitation, ctx.clock.now()), expiresAt: invitation.expiresAt.toISOString() }
      : null,
  };
}

/** A file for download through the customer's link: only one the customer may see (otherwise 404). */
export async function openPublicAttachment(ctx: Ctx, token: string, id: string) {
  const c = await caseOfLink(ctx, token);
  const visible = (await filesForCustomer(ctx.db, c.id)).some((f) => f.row.id === id);
  const found = visible ? await findAttachmentContent(ctx.db, c.id, id) : undefined;
  if (!found) throw notFound("this file", "open your case link again and use the link shown there");
  return found;
}

/** R7: the customer adds information; if we were waiting for it, the case resumes by itself. */
export function addPublicMessage(ctx: Ctx, token: string, message: string) {
  return receiveFromCustomer(ctx, token, { message, files: [] });
}

/**
 * R2/R7: the customer sends a message, files, or both (the files then belong to the message). Every file
 * is checked before anything is stored; if we were waiting for the customer, the case resumes by itself.
 */
export async function receiveFromCustomer(
  ctx: Ctx,
  token: string,
  input: { message?: string | null | undefined; files: readonly UploadedPart[] },
) {
  const target = await caseOfLink(ctx, token);
  const checked = await checkFiles(ctx, input.files);
  const publicCtx = { ...ctx, actor: publicActor("public-link") };
  return transact(publicCtx, async (tx) => {
    let row = (await lockCaseById(tx, target.id))!;
    if (row.status === "archived") throw closedCase(row.reference);
    const now = ctx.clock.now();
    let correspondenceId: string | null = null;
    if (input.message) {
      correspondenceId = uuidv7();
      await tx.insert(correspondence).values({
        id: correspondenceId,
        caseId: row.id,
        kind: "web",
        direction: "inbound",
        occurredAt: now,
        recordedAt: now,
        body: input.message,
      });
      row = await saveCaseChange(tx, publicCtx, row, {
        action: "case.customer_message",
        patch: {},
        changes: { correspondenceId: { new: correspondenceId }, body: { new: input.message } },
        personal: ["body"],
      });
    }
    if (checked.length > 0) {
      ({ row } = await storeAttachments(tx, publicCtx, row, checked, {
        source: "customer",
        correspondenceId,
      }));
    }
    if (row.status === "awaiting_customer")
      await applyCaseAction(tx, publicCtx, row, "resume", { note: null });
    return publicView(ctx, tx, (await lockCaseById(tx, target.id))!);
  });
}

/** R8 / ISO 10002 7.9: the customer confirms or rejects the resolution (a rejection reopens the investigation). */
export async function confirmPublic(
  ctx: Ctx,
  token: string,
  input: { confirmed: boolean; comment?: string | null },
) {
  const target = await caseOfLink(ctx, token);
  const publicCtx = { ...ctx, actor: publicActor("public-link") };
  return transact(publicCtx, async (tx) => {
    const row = (await lockCaseById(tx, target.id))!;
    if (row.status !== "resolved" || row.confirmation) {
      throw new AppError(
        "nothing_to_confirm",
        409,
        row.confirmation
          ? "you have already answered; thank you"
          : "there is no answer to confirm yet; we will write to you when there is",
      );
    }
    await applyCaseAction(tx, publicCtx, row, "customer-confirmation", {
      confirmed: input.confirmed,
      channel: "web",
      note: input.comment ?? null,
    });
    return publicView(ctx, tx, (await lockCaseById(tx, target.id))!);
  });
}

const closedCase = (reference: string) =>
  new AppError(
    "case_closed",
    409,
    `case ${reference} is closed and archived; please contact us if you need to`,
  );

import type { InboundEmailResult } from "../../shared/inbound.schema.js";
import { applyCaseAction } from "../cases/cases.actions.js";
import { saveCaseChange } from "../cases/cases.change.js";
import { type CaseRow, lockCaseById } from "../cases/cases.queries.js";
import { logCase } from "../cases/cases.service.js";
import { type Ctx, publicActor } from "../context.js";
import type { Db } from "../db/client.js";
import { transact } from "../db/transact.js";
import { notifyUsers } from "../notifications/notifications.service.js";
import { EMAIL_PERSONAL_FIELDS, fileEmail, type PreparedEmail, prepareEmail } from "./inbound.files.js";
import { parseEmail } from "./inbound.parse.js";
import {
  casesByReference,
  casesOfMessageIds,
  claimMessageId,
  findInboundMessage,
  isKnownMessageId,
  recordOutcome,
} from "./inbound.queries.js";
import { classifyEmail, intakeFromEmail, referencesInSubject, threadIdsOf } from "./inbound.rules.js";

export type InboundVia = "api" | "imap";

export interface ReceiveOptions {
  /** When the mailbox received it (IMAP INTERNALDATE); defaults to now, and never later than now. */
  receivedAt?: Date;
}

/** The case an email belongs to, and the evidence for it. */
interface Thread {
  caseId: string;
  how: string;
}

/**
 * Headers first (machine evidence: a reply to a message we sent or hold), then a reference in the
 * subject (a customer who starts a new email and quotes their reference).
 */
async function findThread(tx: Db, prepared: PreparedEmail): Promise<Thread | undefined> {
  const { email } = prepared;
  const ids = threadIdsOf(email);
  const byMessageId = await casesOfMessageIds(tx, ids);
  for (const id of ids) {
    const caseId = byMessageId.get(id);
    const header = email.inReplyTo.includes(id) ? "In-Reply-To" : "References";
    if (caseId) return { caseId, how: `${header} ${id}` };
  }
  const references = referencesInSubject(email.subject);
  const named = await casesByReference(tx, references);
  for (const reference of references) {
    const found = named.find((c) => c.reference === reference);
    if (found) return { caseId: found.id, how: `subject names ${reference}` };
  }
  return undefined;
}

/**
 * R7: a reply on the case file. A case awaiting the customer resumes (as with a message through the case
 * link); a closed case takes the email but is not reopened — its owner is told and decides.
 */
async function threadOnto(
  tx: Db,
  ctx: Ctx,
  row: CaseRow,
  prepared: PreparedEmail,
  how: string,
): Promise<InboundEmailResult> {
  const { email } = prepared;
  const { correspondenceId, changes } = await fileEmail(tx, ctx, row.id, prepared);
  const saved = await saveCaseChange(tx, ctx, row, {
    action: "case.email_received",
    patch: {},
    changes,
    personal: EMAIL_PERSONAL_FIELDS,
  });
  if (saved.status === "awaiting_customer") await applyCaseAction(tx, ctx, saved, "resume", { note: null });
  const closed = row.status === "closed";
  if (row.ownerId) {
    await notifyUsers(
      tx,
      [row.ownerId],
      {
        caseId: row.id,
        kind: "email.received",
        message: `New email on ${row.reference}${closed ? " (the case is closed; reopen it if more is needed)" : ""}: ${email.subject ?? "(no subject)"}`,
      },
      ctx.clock.now(),
    );
  }
  const reason = closed ? `${how}; the case is closed and was not reopened` : how;
  await recordOutcome(tx, email.messageId, {
    outcome: "threaded",
    reason,
    caseId: row.id,
    correspondenceId,
  });
  return { outcome: "threaded", messageId: email.messageId, reference: row.reference, reason };
}

/**
 * R1: a new complaint from the email (channel email, the sender as customer), with the email on its
 * case file. An email answering an archived case opens a new one that names the old reference: the
 * archived record stays read-only, and the customer's new concern still gets its deadlines.
 */
async function openFromEmail(
  tx: Db,
  ctx: Ctx,
  prepared: PreparedEmail,
  archived: CaseRow | undefined,
): Promise<InboundEmailResult> {
  const { email } = prepared;
  const note = archived
    ? `This email answers ${archived.reference}, which is archived; it was logged as a new complaint.`
    : undefined;
  const created = await logCase(tx, ctx, {
    type: "complaint",
    channel: "email",
    receivedAt: prepared.receivedAt.toISOString(),
    ...intakeFromEmail(email, note),
  });
  const row = (await lockCaseById(tx, created.case.id))!;
  const { correspondenceId, changes } = await fileEmail(tx, ctx, row.id, prepared);
  await saveCaseChange(tx, ctx, row, {
    action: "case.email_received",
    patch: {},
    changes,
    personal: EMAIL_PERSONAL_FIELDS,
  });
  const reason = archived ? `answers archived ${archived.reference}` : null;
  await recordOutcome(tx, email.messageId, { outcome: "opened", reason, caseId: row.id, correspondenceId });
  return {
    outcome: "opened",
    messageId: email.messageId,
    reference: row.reference,
    ...(reason ? { reason } : {}),
  };
}

/**
 * R1/R7: one inbound email, by IMAP or the API, in ONE transaction: claim its Message-ID (a copy seen
 * before is a "duplicate" and writes nothing), leave machine mail on record only, thread a reply onto its
 * case, or open a complaint. Malformed MIME is refused (400 `malformed_email`) before anything is written.
 */
export async function receiveEmail(
  ctx: Ctx,
  raw: Buffer,
  via: InboundVia,
  options: ReceiveOptions = {},
): Promise<InboundEmailResult> {
  const email = await parseEmail(raw);
  const verdict = classifyEmail(email, ctx.config.mailFrom);
  const now = ctx.clock.now();
  const receivedAt =
    options.receivedAt && options.receivedAt.getTime() < now.getTime() ? options.receivedAt : now;
  const prepared = verdict.take ? await prepareEmail(ctx, email, raw, receivedAt) : undefined;
  // The sender is a member of the public, as on the web form; the audit source says which door.
  const inbound: Ctx = { ...ctx, actor: publicActor(`email-${via}`) };
  const { messageId } = email;
  return transact(inbound, async (tx) => {
    if (!(await claimMessageId(tx, { messageId, receivedAt, via }))) {
      const first = await findInboundMessage(tx, messageId);
      return { outcome: "duplicate", messageId, ...(first?.reference ? { reference: first.reference } : {}) };
    }
    const ignored = !verdict.take
      ? verdict.reason
      : // Our own message coming back (forwarded to us, a relay misrouting) carries our Message-ID.
        (await isKnownMessageId(tx, messageId))
        ? "loop: this Message-ID is one we sent"
        : undefined;
    if (ignored || !prepared) {
      const reason = ignored ?? "not taken";
      await recordOutcome(tx, messageId, { outcome: "ignored", reason });
      return { outcome: "ignored", messageId, reason };
    }
    const thread = await findThread(tx, prepared);
    const row = thread ? await lockCaseById(tx, thread.caseId) : undefined;
    if (thread && row && row.status !== "archived") return threadOnto(tx, inbound, row, prepared, thread.how);
    return openFromEmail(tx, inbound, prepared, row);
  });
}

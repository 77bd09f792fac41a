import { createHash } from "node:crypto";
import { v7 as uuidv7 } from "uuid";
import { type CheckedFile, checkFile, cleanFilename } from "../attachments/attachments.content.js";
import { insertAttachment } from "../attachments/attachments.queries.js";
import { scanFile } from "../attachments/attachments.scan.js";
import type { Change } from "../audit/audit.service.js";
import type { Ctx } from "../context.js";
import { insertCorrespondence } from "../correspondence/correspondence.queries.js";
import type { Db } from "../db/client.js";
import { AppError } from "../errors.js";
import { sanitizeEmailHtml } from "./inbound.html.js";
import type { InboundEmail } from "./inbound.parse.js";

export interface RefusedFile {
  filename: string;
  reason: string;
}

/** An email made ready for the case file before its transaction opens (type checks and HTML cleaning are CPU work). */
export interface PreparedEmail {
  email: InboundEmail;
  /** The attachments that passed checkFile, then the original message itself. */
  kept: CheckedFile[];
  /** Files that did not pass: named on the correspondence, so refusing a file never loses the email. */
  refused: RefusedFile[];
  bodyHtml: string | null;
  receivedAt: Date;
}

export const ORIGINAL_FILENAME = "original-message.eml";

/**
 * The raw message as received, kept as `message/rfc822` on its correspondence (the evidence of what the
 * customer sent). Not through checkFile's content sniffing: that looks at the first 4 KB and wants UTF-8,
 * while a real message can carry longer headers or 8-bit text, and we have just parsed it as a message.
 * The size limit applies all the same.
 */
function originalMessage(raw: Buffer, maxBytes: number): CheckedFile | RefusedFile {
  if (raw.byteLength > maxBytes) {
    return {
      filename: ORIGINAL_FILENAME,
      reason: `the original message is ${raw.byteLength} bytes, over the ${maxBytes}-byte limit (REDRESS_ATTACHMENT_MAX_MB), so only its text is kept`,
    };
  }
  return {
    filename: ORIGINAL_FILENAME,
    contentType: "message/rfc822",
    sizeBytes: raw.byteLength,
    sha256: createHash("sha256").update(raw).digest("hex"),
    bytes: raw,
  };
}

/** Scans a file that passed the content check; an infected one becomes a refusal, an unanswered scan throws (503). */
async function scanned(
  ctx: Pick<Ctx, "config" | "log">,
  file: CheckedFile,
): Promise<CheckedFile | RefusedFile> {
  try {
    await scanFile(ctx, file);
    return file;
  } catch (err) {
    if (!(err instanceof AppError) || err.status >= 500) throw err;
    return { filename: file.filename, reason: err.detail };
  }
}

/**
 * R2: each attachment through the same content check and virus scan as an upload; refusals are collected,
 * not thrown. A scanner that does not answer refuses the whole email (503), so that it is tried again.
 */
export async function prepareEmail(
  ctx: Pick<Ctx, "config" | "log">,
  email: InboundEmail,
  raw: Buffer,
  receivedAt: Date,
): Promise<PreparedEmail> {
  const maxBytes = ctx.config.attachmentMaxBytes;
  const kept: CheckedFile[] = [];
  const refused: RefusedFile[] = [];
  const sort = (file: CheckedFile | RefusedFile) => ("bytes" in file ? kept.push(file) : refused.push(file));
  for (const attachment of email.attachments) {
    let checked: CheckedFile;
    try {
      checked = await checkFile(attachment.content, attachment.filename, maxBytes);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      refused.push({ filename: cleanFilename(attachment.filename), reason: err.detail });
      continue;
    }
    sort(await scanned(ctx, checked));
  }
  // The original message carries every attachment again, so it is scanned as well.
  const original = originalMessage(raw, maxBytes);
  sort("bytes" in original ? await scanned(ctx, original) : original);
  const bodyHtml = email.html ? sanitizeEmailHtml(email.html) : null;
  return { email, kept, refused, bodyHtml, receivedAt };
}

function bodyWithRefusals(prepared: PreparedEmail): string {
  const text = prepared.email.text || "(The email had no text.)";
  if (prepared.refused.length === 0) return text;
  const lines = prepared.refused.map((file) => `- ${file.filename}: ${file.reason}`);
  return `${text}\n\n[Not kept from this email:\n${lines.join("\n")}]`;
}

function senderOf(email: InboundEmail): string {
  const { name, address } = email.from;
  return name ? `${name.replace(/["\\]/g, "")} <${address}>` : address;
}

/**
 * R2 / SOP 001 §6: the email on the case file as inbound correspondence, with its attachments and the
 * original message; returns its id and the audit changes describing it (the caller saves the case change).
 */
export async function fileEmail(
  tx: Db,
  ctx: Ctx,
  caseId: string,
  prepared: PreparedEmail,
): Promise<{ correspondenceId: string; changes: Record<string, Change> }> {
  const { email } = prepared;
  const now = ctx.clock.now();
  const correspondenceId = uuidv7();
  const body = bodyWithRefusals(prepared);
  await insertCorrespondence(tx, {
    id: correspondenceId,
    caseId,
    kind: "email",
    direction: "inbound",
    occurredAt: prepared.receivedAt,
    recordedAt: now,
    authorId: null,
    fromAddress: senderOf(email),
    toAddress: email.to,
    subject: email.subject,
    body,
    bodyHtml: prepared.bodyHtml,
    messageId: email.messageId,
  });
  for (const file of prepared.kept) {
    await insertAttachment(tx, {
      id: uuidv7(),
      caseId,
      correspondenceId,
      file,
      source: "email",
      uploadedById: null,
      at: now,
    });
  }
  // As text, not lists: the audit trail seals only string values as personal data (file names are personal).
  const describe = (file: CheckedFile) =>
    `${file.filename} (${file.contentType}, ${file.sizeBytes} bytes, sha256 ${file.sha256})`;
  return {
    correspondenceId,
    changes: {
      correspondenceId: { new: correspondenceId },
      messageId: { new: email.messageId },
      from: { new: senderOf(email) },
      ...(email.subject ? { subject: { new: email.subject } } : {}),
      body: { new: body },
      ...(prepared.kept.length ? { attachments: { new: prepared.kept.map(describe).join("\n") } } : {}),
      ...(prepared.refused.length
        ? {
            refusedAttachments: { new: prepared.refused.map((f) => `${f.filename}: ${f.reason}`).join("\n") },
          }
        : {}),
    },
  };
}

/** The audit fields above that hold personal data (DESIGN.md: stored only as salted digests). */
export const EMAIL_PERSONAL_FIELDS = ["from", "subject", "body", "attachments", "refusedAttachments"];

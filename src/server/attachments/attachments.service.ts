import { v7 as uuidv7 } from "uuid";
import type { AttachmentView, UploadedPart } from "../../shared/attachments.schema.js";
import { openCaseForChange, saveCaseChange } from "../cases/cases.change.js";
import { assertCanSeeCase, casesAccess } from "../cases/cases.policy.js";
import { type CaseRow, findCaseByReference } from "../cases/cases.queries.js";
import type { Ctx } from "../context.js";
import { findCorrespondence } from "../correspondence/correspondence.queries.js";
import type { Db } from "../db/client.js";
import type { AttachmentSource } from "../db/schema/index.js";
import { transact } from "../db/transact.js";
import { AppError, invalid, notFound } from "../errors.js";
import { type CheckedFile, checkFile } from "./attachments.content.js";
import {
  type AttachmentWithUploader,
  findAttachmentContent,
  insertAttachment,
  listAttachmentsById,
  listCaseAttachmentsWithUploader,
} from "./attachments.queries.js";
import { scanFile } from "./attachments.scan.js";

export function toAttachmentView({ row, uploaderName }: AttachmentWithUploader): AttachmentView {
  return {
    id: row.id,
    filename: row.filename,
    contentType: row.contentType,
    sizeBytes: row.sizeBytes,
    sha256: row.sha256,
    source: row.source,
    uploadedAt: row.uploadedAt.toISOString(),
    uploadedBy: row.uploadedById ? { id: row.uploadedById, name: uploaderName ?? "" } : null,
    correspondenceId: row.correspondenceId,
  };
}

/** Runs one file's check; a refusal in a request of several names the file's place and says none was stored. */
async function placed<T>(index: number, count: number, check: () => Promise<T>): Promise<T> {
  try {
    return await check();
  } catch (error) {
    if (!(error instanceof AppError) || count === 1) throw error;
    const detail = `file ${index + 1} of ${count}: ${error.detail}; none of the ${count} files was stored`;
    throw new AppError(error.code, error.status, detail, {
      errors: [{ field: `file.${index}`, message: error.detail }],
    });
  }
}

/**
 * R2: every file of a request is checked (type and size, then the virus scanner when one is configured)
 * before one is stored, so one bad file leaves nothing behind; the problem names the file and its place.
 */
export async function checkFiles(
  ctx: Pick<Ctx, "config" | "log">,
  files: readonly UploadedPart[],
): Promise<CheckedFile[]> {
  const checked: CheckedFile[] = [];
  for (const [index, file] of files.entries()) {
    checked.push(
      await placed(index, files.length, () =>
        checkFile(file.bytes, file.filename, ctx.config.attachmentMaxBytes),
      ),
    );
  }
  // Scanned only once all passed the cheap checks: a scan costs a process per file.
  for (const [index, file] of checked.entries()) {
    await placed(index, files.length, () => scanFile(ctx, file));
  }
  return checked;
}

export interface AttachmentOrigin {
  source: AttachmentSource;
  correspondenceId: string | null;
}

/**
 * Stores checked files on a case locked by the caller, each with its audit event `case.attachment_added`
 * (the filename kept as personal data), in the caller's transaction. Returns the case as saved and the ids.
 */
export async function storeAttachments(
  tx: Db,
  ctx: Ctx,
  locked: CaseRow,
  files: readonly CheckedFile[],
  origin: AttachmentOrigin,
): Promise<{ row: CaseRow; ids: string[] }> {
  let row = locked;
  const ids: string[] = [];
  const at = ctx.clock.now();
  for (const file of files) {
    const id = uuidv7();
    await insertAttachment(tx, {
      id,
      caseId: row.id,
      correspondenceId: origin.correspondenceId,
      file,
      source: origin.source,
      uploadedById: ctx.actor.userId,
      at,
    });
    row = await saveCaseChange(tx, ctx, row, {
      action: "case.attachment_added",
      patch: {},
      changes: {
        attachmentId: { new: id },
        filename: { new: file.filename },
        contentType: { new: file.contentType },
        sizeBytes: { new: file.sizeBytes },
        sha256: { new: file.sha256 },
        source: { new: origin.source },
        ...(origin.correspondenceId ? { correspondenceId: { new: origin.correspondenceId } } : {}),
      },
      personal: ["filename"],
    });
    ids.push(id);
  }
  return { row, ids };
}

/** R2 / SOP 001 §6: staff attach files to a case, or to one message on its file. */
export async function attachToCase(
  ctx: Ctx,
  reference: string,
  input: { files: readonly UploadedPart[]; correspondenceId?: string | null; expectedVersion?: number },
): Promise<{ items: AttachmentView[] }> {
  // Checked outside the transaction: detecting types and hashing megabytes should not hold the case lock.
  const checked = await checkFiles(ctx, input.files);
  return transact(ctx, async (tx) => {
    const row = await openCaseForChange(tx, ctx, {
      reference,
      access: casesAccess.correspond,
      what: "attaching files",
      expectedVersion: input.expectedVersion,
    });
    const correspondenceId = input.correspondenceId ?? null;
    if (correspondenceId) {
      const message = await findCorrespondence(tx, correspondenceId);
      if (message?.item.caseId !== row.id) {
        throw invalid([
          {
            field: "correspondenceId",
            message: `is not on case ${row.reference}; take the id from its correspondence list`,
          },
        ]);
      }
    }
    const { ids } = await storeAttachments(tx, ctx, row, checked, { source: "staff", correspondenceId });
    return { items: (await listAttachmentsById(tx, ids)).map(toAttachmentView) };
  });
}

async function visibleCase(ctx: Ctx, reference: string) {
  const found = await findCaseByReference(ctx.db, reference);
  if (!found) throw notFound(`case ${reference}`, "check the reference, e.g. CMP-2026-000042");
  assertCanSeeCase(ctx.actor, found.case);
  return found.case;
}

export async function listAttachments(ctx: Ctx, reference: string): Promise<{ items: AttachmentView[] }> {
  const c = await visibleCase(ctx, reference);
  return { items: (await listCaseAttachmentsWithUploader(ctx.db, c.id)).map(toAttachmentView) };
}

/** A file's bytes for download, only through the case it is on (another case's id is a 404). */
export async function openAttachment(ctx: Ctx, reference: string, id: string) {
  const c = await visibleCase(ctx, reference);
  const found = await findAttachmentContent(ctx.db, c.id, id);
  if (!found) throw notFound(`attachment ${id} on case ${c.reference}`, "list the case's attachments");
  return found;
}

import { and, asc, eq } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { type AttachmentSource, attachmentBlobs, attachments } from "../db/schema/index.js";
import type { CheckedFile } from "./attachments.content.js";

export type AttachmentRow = typeof attachments.$inferSelect;

export interface NewAttachment {
  id: string;
  caseId: string;
  correspondenceId: string | null;
  file: CheckedFile;
  source: AttachmentSource;
  uploadedById: string | null;
  at: Date;
}

/** Stores the bytes once per SHA-256 and the file's row on the case; the caller audits, in the same transaction. */
export async function insertAttachment(db: Db, a: NewAttachment): Promise<AttachmentRow> {
  await db
    .insert(attachmentBlobs)
    .values({ sha256: a.file.sha256, sizeBytes: a.file.sizeBytes, content: a.file.bytes, createdAt: a.at })
    .onConflictDoNothing();
  const [row] = await db
    .insert(attachments)
    .values({
      id: a.id,
      caseId: a.caseId,
      correspondenceId: a.correspondenceId,
      filename: a.file.filename,
      contentType: a.file.contentType,
      sizeBytes: a.file.sizeBytes,
      sha256: a.file.sha256,
      source: a.source,
      uploadedById: a.uploadedById,
      uploadedAt: a.at,
    })
    .returning();
  return row!;
}

export function listCaseAttachments(db: Db, caseId: string): Promise<AttachmentRow[]> {
  return db
    .select()
    .from(attachments)
    .where(eq(attachments.caseId, caseId))
    .orderBy(asc(attachments.uploadedAt), asc(attachments.id));
}

export async function findAttachmentContent(
  db: Db,
  caseId: string,
  id: string,
): Promise<{ row: AttachmentRow; content: Uint8Array } | undefined> {
  const [found] = await db
    .select({ row: attachments, content: attachmentBlobs.content })
    .from(attachments)
    .innerJoin(attachmentBlobs, eq(attachmentBlobs.sha256, attachments.sha256))
    .where(and(eq(attachments.caseId, caseId), eq(attachments.id, id)));
  return found;
}

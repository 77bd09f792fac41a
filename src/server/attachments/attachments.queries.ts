import { and, asc, eq, inArray, type SQL } from "drizzle-orm";
import type { Db } from "../db/client.js";
import {
  type AttachmentSource,
  attachmentBlobs,
  attachments,
  correspondence,
  users,
} from "../db/schema/index.js";
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

/** Stores a file's bytes once per SHA-256 (a case attachment or a procedure document refers to them). */
export async function insertBlob(db: Db, file: CheckedFile, at: Date): Promise<void> {
  await db
    .insert(attachmentBlobs)
    .values({ sha256: file.sha256, sizeBytes: file.sizeBytes, content: file.bytes, createdAt: at })
    .onConflictDoNothing();
}

export async function blobContent(db: Db, sha256: string): Promise<Uint8Array | undefined> {
  const [row] = await db
    .select({ content: attachmentBlobs.content })
    .from(attachmentBlobs)
    .where(eq(attachmentBlobs.sha256, sha256));
  return row?.content;
}

/** Stores the bytes once per SHA-256 and the file's row on the case; the caller audits, in the same transaction. */
export async function insertAttachment(db: Db, a: NewAttachment): Promise<AttachmentRow> {
  await insertBlob(db, a.file, a.at);
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

export interface AttachmentWithUploader {
  row: AttachmentRow;
  uploaderName: string | null;
}

function selectWithUploader(db: Db, where: SQL | undefined): Promise<AttachmentWithUploader[]> {
  return db
    .select({ row: attachments, uploaderName: users.name })
    .from(attachments)
    .leftJoin(users, eq(users.id, attachments.uploadedById))
    .where(where)
    .orderBy(asc(attachments.uploadedAt), asc(attachments.id));
}

/** A case's files, oldest first, with the name of whoever attached them. */
export function listCaseAttachmentsWithUploader(db: Db, caseId: string) {
  return selectWithUploader(db, eq(attachments.caseId, caseId));
}

/** The files of several messages at once (one query for a page of correspondence). */
export function listMessageAttachments(db: Db, correspondenceIds: string[]) {
  if (correspondenceIds.length === 0) return Promise.resolve([]);
  return selectWithUploader(db, inArray(attachments.correspondenceId, correspondenceIds));
}

export function listAttachmentsById(db: Db, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return selectWithUploader(db, inArray(attachments.id, ids));
}

/** A case's files with the message each belongs to (kind, direction, delivery), for the customer's view. */
export function listCaseAttachmentsWithMessage(db: Db, caseId: string) {
  return db
    .select({
      row: attachments,
      messageKind: correspondence.kind,
      messageDirection: correspondence.direction,
      messageDelivery: correspondence.deliveryStatus,
    })
    .from(attachments)
    .leftJoin(correspondence, eq(correspondence.id, attachments.correspondenceId))
    .where(eq(attachments.caseId, caseId))
    .orderBy(asc(attachments.uploadedAt), asc(attachments.id));
}

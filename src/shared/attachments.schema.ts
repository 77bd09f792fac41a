import { z } from "zod";
import { referenceParams } from "./cases.schema.js";
import { optional, text } from "./common.schema.js";

export const ATTACHMENT_SOURCES = ["staff", "customer", "email"] as const;

/** At most this many files in one upload (the multipart limit says the same). */
export const MAX_FILES_PER_UPLOAD = 10;

/**
 * One file part of a multipart upload as the server has read it. Its type and size are checked from the
 * bytes afterwards (never the name or the sender's claim), so nothing here trusts the part's own headers.
 */
export interface UploadedPart {
  filename: string;
  bytes: Uint8Array;
}

const isUploadedPart = (value: unknown): value is UploadedPart =>
  typeof value === "object" &&
  value !== null &&
  typeof (value as UploadedPart).filename === "string" &&
  (value as UploadedPart).bytes instanceof Uint8Array;

// Documented as a binary string: that is what a client puts in the form, whatever the server makes of it.
const filePart = z
  .custom<UploadedPart>(isUploadedPart, { message: "must be a file (a form part with a filename)" })
  .meta({ type: "string", format: "binary" });

export const fileParts = z
  .array(filePart)
  .min(1, "attach at least one file: a form part named file")
  .max(MAX_FILES_PER_UPLOAD, `attach at most ${MAX_FILES_PER_UPLOAD} files at once`)
  .meta({ description: `One or more parts named \`file\` (at most ${MAX_FILES_PER_UPLOAD}).` });

/** R2: staff attach files to a case, or to one message of its correspondence (multipart/form-data). */
export const uploadAttachmentsSchema = z.strictObject({
  file: fileParts,
  /** The message on this case's file the files belong to; left out = the case itself. */
  correspondenceId: optional(z.uuid()),
});
export type UploadAttachmentsInput = z.infer<typeof uploadAttachmentsSchema>;

/** R2: the customer sends files through their case link, optionally with a message that carries them. */
export const publicUploadSchema = z.strictObject({
  file: fileParts,
  message: optional(text(10_000)),
});

export const attachmentSchema = z
  .object({
    id: z.uuid(),
    /** The name it came with, offered back on download; the type below is decided from the content. */
    filename: z.string(),
    contentType: z.string(),
    sizeBytes: z.number().int(),
    sha256: z.string(),
    source: z.enum(ATTACHMENT_SOURCES),
    uploadedAt: z.iso.datetime(),
    /** The member of staff who attached it; null for the customer and for email. */
    uploadedBy: z.object({ id: z.uuid(), name: z.string() }).nullable(),
    /** The message it came with or belongs to; null when attached to the case itself. */
    correspondenceId: z.uuid().nullable(),
  })
  .meta({ id: "Attachment" });
export type AttachmentView = z.infer<typeof attachmentSchema>;

export const attachmentListSchema = z.object({ items: z.array(attachmentSchema) });

export const attachmentParams = referenceParams.extend({ id: z.uuid() });

/** What the customer sees of a file: no digests, no staff names. */
export const publicAttachmentSchema = z.object({
  id: z.uuid(),
  filename: z.string(),
  contentType: z.string(),
  sizeBytes: z.number().int(),
  at: z.iso.datetime(),
  from: z.enum(["you", "us"]),
});

/** The bytes of a download, as OpenAPI should describe them. */
export const fileDownloadResponse = {
  description:
    "The file's bytes with its stored Content-Type; Content-Disposition: attachment; ETag: its SHA-256.",
  content: { "application/octet-stream": { schema: z.string().meta({ format: "binary" }) } },
};

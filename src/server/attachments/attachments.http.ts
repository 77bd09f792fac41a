import { createHash } from "node:crypto";
import type { FastifyReply, FastifyRequest } from "fastify";
import { MAX_FILES_PER_UPLOAD, type UploadedPart } from "../../shared/attachments.schema.js";
import { AppError } from "../errors.js";
import { unstorable } from "../http/text-guard.js";
import { cleanFilename } from "./attachments.content.js";
import type { AttachmentRow } from "./attachments.queries.js";

declare module "fastify" {
  interface FastifyContextConfig {
    /** The route reads multipart/form-data itself (with `multipartBody` or `readMultipartForm`). */
    multipart?: boolean;
  }
}

/** An app-wide preValidation hook: a route that takes no files refuses multipart with 415, like every other unaccepted type. */
export async function refuseUnexpectedMultipart(request: FastifyRequest): Promise<void> {
  if (request.isMultipart() && !request.routeOptions.config.multipart) {
    throw new AppError(
      "unsupported_media_type",
      415,
      "this content type is not accepted here; send Content-Type: application/json",
    );
  }
}

/** The multipart limits of the app (registered once in app.ts): files of one request, fields, field size. */
export function multipartLimits(maxFileBytes: number) {
  return {
    fileSize: maxFileBytes,
    files: MAX_FILES_PER_UPLOAD,
    fields: 20,
    // A customer's message (10,000 characters) in UTF-8 fits; anything longer is refused, never cut.
    fieldSize: 64 * 1024,
    parts: MAX_FILES_PER_UPLOAD + 20,
  };
}

/** A file part read into memory. It is checked (attachments.content.ts) before anything is stored. */
export class UploadedFile implements UploadedPart {
  constructor(
    readonly filename: string,
    readonly bytes: Uint8Array,
  ) {}

  /**
   * What the Idempotency-Key hash (http/idempotency.ts) sees of the body: the name and a digest, computed
   * only when a key is sent — never megabytes of bytes turned into JSON.
   */
  toJSON() {
    return { filename: this.filename, sha256: createHash("sha256").update(this.bytes).digest("hex") };
  }
}

export interface MultipartForm {
  fields: Record<string, string>;
  files: { field: string; file: UploadedFile }[];
}

const megabytes = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

function refused(code: string, status: number, detail: string, field = "file") {
  return new AppError(code, status, detail, { errors: [{ field, message: detail }] });
}

/** Turns what the multipart parser throws into problems that say what to do; nothing has been stored yet. */
function explain(error: unknown, current: string | undefined, maxBytes: number): unknown {
  const code = (error as { code?: string }).code;
  switch (code) {
    case "FST_REQ_FILE_TOO_LARGE":
      return refused(
        "file_too_large",
        413,
        `${current === undefined ? "a file" : cleanFilename(current)} is larger than the limit of ${megabytes(maxBytes)} (${maxBytes} bytes, REDRESS_ATTACHMENT_MAX_MB); nothing was stored: send a smaller or compressed copy`,
      );
    case "FST_FILES_LIMIT":
    case "FST_PARTS_LIMIT":
      return refused(
        "too_many_files",
        413,
        `at most ${MAX_FILES_PER_UPLOAD} files in one request; nothing was stored: send the rest in another request`,
      );
    case "FST_FIELDS_LIMIT":
      return refused(
        "too_many_fields",
        413,
        "the form has too many fields; send only the documented ones",
        "body",
      );
    case "FST_PROTO_VIOLATION":
      return refused("bad_field_name", 400, "a form field has a reserved name", "body");
  }
  const status = (error as { statusCode?: number }).statusCode;
  if (error instanceof AppError || (status !== undefined && status >= 500)) return error;
  // Busboy's own complaints (no boundary, cut-off data) are the client's to fix.
  return new AppError(
    "malformed_multipart",
    400,
    `the multipart body could not be read (${(error as Error).message}); send multipart/form-data with each file as a part named file`,
  );
}

/**
 * Reads a multipart/form-data body: text fields by name, file parts in order. The limits registered in
 * app.ts apply (size per file, number of files); breaking one ends the read with a problem.
 */
export async function readMultipartForm(request: FastifyRequest): Promise<MultipartForm> {
  const maxBytes = request.ctx.config.attachmentMaxBytes;
  if (!request.isMultipart()) {
    throw new AppError(
      "unsupported_media_type",
      415,
      "send Content-Type: multipart/form-data with each file as a part named file",
    );
  }
  const form: MultipartForm = { fields: {}, files: [] };
  let current: string | undefined;
  try {
    for await (const part of request.parts()) {
      if (part.type === "file") {
        current = part.filename;
        const bytes = await part.toBuffer();
        form.files.push({ field: part.fieldname, file: new UploadedFile(part.filename ?? "", bytes) });
        current = undefined;
      } else {
        if (part.valueTruncated) {
          throw refused("field_too_long", 413, `${part.fieldname} is too long`, part.fieldname);
        }
        const value = String(part.value);
        // Multipart fields skip the JSON body's guard (app.ts): the same rule here (fuzzing found a NUL).
        const why = unstorable(value) ?? unstorable(part.fieldname);
        if (why) throw refused("unstorable_text", 400, `${part.fieldname} ${why}; remove it`, part.fieldname);
        form.fields[part.fieldname] = value;
      }
    }
  } catch (error) {
    throw explain(error, current, maxBytes);
  }
  return form;
}

/**
 * A route's preValidation hook: the form becomes the body its zod schema validates — text fields by
 * name, file parts as arrays under their part name (so a misnamed part is an "unknown field").
 */
export async function multipartBody(request: FastifyRequest): Promise<void> {
  const form = await readMultipartForm(request);
  const filesByName = new Map<string, UploadedFile[]>();
  for (const { field, file } of form.files) filesByName.set(field, [...(filesByName.get(field) ?? []), file]);
  request.body = { ...form.fields, ...Object.fromEntries(filesByName) };
}

/** RFC 8187 / 6266: the name as UTF-8, percent-encoded, so no name can break out of the header. */
function contentDisposition(filename: string): string {
  const encoded = encodeURIComponent(filename).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename*=UTF-8''${encoded}`;
}

/**
 * Sends a stored file so that a browser saves it rather than shows it: `attachment`, no sniffing of the
 * type, and a sandbox should it be opened anyway (an uploaded HTML or SVG can then run nothing as us).
 * The ETag is the SHA-256, so an unchanged file is never sent twice to the same client.
 */
export function sendAttachment(
  request: FastifyRequest,
  reply: FastifyReply,
  found: { row: Pick<AttachmentRow, "sha256" | "filename" | "contentType">; content: Uint8Array },
): FastifyReply {
  const etag = `"${found.row.sha256}"`;
  reply
    .header("etag", etag)
    .header("cache-control", "private, no-cache")
    .header("x-content-type-options", "nosniff")
    .header("content-security-policy", "sandbox")
    .header("content-disposition", contentDisposition(found.row.filename));
  if (request.headers["if-none-match"] === etag) return reply.code(304).send();
  const { content } = found;
  return reply
    .type(found.row.contentType)
    .send(Buffer.from(content.buffer, content.byteOffset, content.byteLength));
}

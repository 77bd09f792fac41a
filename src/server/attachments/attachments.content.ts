import { createHash } from "node:crypto";
import { AppError } from "../errors.js";

/**
 * R2: what may be attached to a case, decided from the bytes (never the name or the sender's claim):
 * documents, images, scans, recordings and plain text. Executables, archives and anything unrecognised
 * are refused, so that nothing on a case file can run when a colleague opens it.
 */
const ALLOWED_MIME = new Set([
  "application/pdf",
  "image/png",
  "image/jpeg",
  "image/gif",
  "image/webp",
  "image/tiff",
  "image/bmp",
  "image/heic",
  "image/heif",
  "audio/mpeg",
  "audio/mp4",
  "audio/x-m4a",
  "audio/wav",
  "audio/x-wav",
  "audio/ogg",
  "video/mp4",
  "video/quicktime",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  "application/vnd.openxmlformats-officedocument.presentationml.presentation",
  "application/x-cfb", // .doc, .xls, .msg (OLE compound files)
  "application/vnd.oasis.opendocument.text",
  "application/vnd.oasis.opendocument.spreadsheet",
  "application/rtf",
  "message/rfc822",
]);

export interface CheckedFile {
  filename: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  bytes: Uint8Array;
}

const refused = (code: string, status: number, detail: string) =>
  new AppError(code, status, detail, { errors: [{ field: "file", message: detail }] });

/** A name safe to offer back in Content-Disposition: no path, no control characters, at most 200 characters. */
export function cleanFilename(name: string | undefined): string {
  const base = (name ?? "").split(/[\\/]/).pop() ?? "";
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
  const cleaned = base.replace(/[\u0000-\u001f\u007f"]/g, "").trim();
  return cleaned.slice(-200) || "attachment";
}

function looksLikeText(bytes: Uint8Array): boolean {
  if (bytes.includes(0)) return false;
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(0, 64 * 1024));
    return true;
  } catch {
    return false;
  }
}

function isEmail(bytes: Uint8Array): boolean {
  const head = new TextDecoder().decode(bytes.subarray(0, 4096));
  return /^(Received|Return-Path|From|Message-ID|MIME-Version|Date|Subject|To|Delivered-To):/im.test(head);
}

/** Checks a file against the size limit and the allowed types; returns its type, size and SHA-256. */
export async function checkFile(
  bytes: Uint8Array,
  filename: string | undefined,
  maxBytes: number,
): Promise<CheckedFile> {
  const name = cleanFilename(filename);
  if (bytes.byteLength === 0) {
    throw refused("empty_file", 400, `${name} is empty (0 bytes); attach the file again`);
  }
  if (bytes.byteLength > maxBytes) {
    throw refused(
      "file_too_large",
      413,
      `${name} is ${bytes.byteLength} bytes; the limit is ${maxBytes} bytes (REDRESS_ATTACHMENT_MAX_MB): send a smaller or compressed copy`,
    );
  }
  // Loaded on first upload (an ES module, so not through lazyRequire): see lazy.ts.
  const { fileTypeFromBuffer } = await import("file-type");
  const detected = await fileTypeFromBuffer(bytes);
  let contentType: string;
  if (detected) {
    contentType = detected.mime;
  } else if (looksLikeText(bytes)) {
    contentType = isEmail(bytes) ? "message/rfc822" : "text/plain";
  } else {
    throw refused(
      "file_type_refused",
      415,
      `${name}: the content is not a recognised document, image, recording or text file; save it as PDF and attach that`,
    );
  }
  if (contentType !== "text/plain" && !ALLOWED_MIME.has(contentType)) {
    throw refused(
      "file_type_refused",
      415,
      `${name} is ${contentType} by its content, which is not accepted on a case file; attach documents, images, recordings or text (PDF if unsure)`,
    );
  }
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  return { filename: name, contentType, sizeBytes: bytes.byteLength, sha256, bytes };
}

import { createHash } from "node:crypto";
import type { AddressObject, simpleParser } from "mailparser";
import { AppError } from "../errors.js";
import { lazyRequire } from "../lazy.js";

const mailparser = lazyRequire<{ simpleParser: typeof simpleParser }>("mailparser");

/** One attached file as the message carried it; its type is decided later from the bytes (checkFile). */
export interface InboundAttachment {
  filename: string | undefined;
  declaredType: string;
  content: Buffer;
}

/** An inbound email reduced to what Redress uses; the same shape whether it came by IMAP or the API. */
export interface InboundEmail {
  /** `<…>`; synthesised from the raw bytes when the message had none (see {@link messageIdOf}). */
  messageId: string;
  from: { address: string; name: string | null };
  to: string | null;
  subject: string | null;
  /** The plain text (mailparser derives it from the HTML when there is no text part); "" when none. */
  text: string;
  /** The HTML part, unsanitised: only ever stored through sanitizeEmailHtml. */
  html: string | null;
  inReplyTo: string[];
  /** Oldest first, as the header lists them. */
  references: string[];
  attachments: InboundAttachment[];
  /** Lower-cased header name → its values, unfolded, in order. */
  headers: Map<string, string[]>;
  /** The top-level media type (`multipart/report`) and its parameters (`report-type`). */
  contentType: { value: string; params: Record<string, string> };
}

const malformed = (detail: string) =>
  new AppError(
    "malformed_email",
    400,
    `${detail}; send the raw RFC 5322 message (headers, a blank line, body)`,
  );

/** Longer Message-IDs are hashed: they are a primary key, and no real mailer needs more. */
const MAX_MESSAGE_ID = 250;
const ADDRESS = /^[^\s@<>]+@[^\s@<>]+$/;

const sha256 = (bytes: Buffer | string) => createHash("sha256").update(bytes).digest("hex");

/** `<id@host>` lists in In-Reply-To / References, whatever mailparser handed us. */
export function messageIdsIn(value: string | string[] | undefined): string[] {
  const joined = [value ?? []].flat().join(" ");
  return [...new Set(joined.match(/<[^<>\s]+>/g) ?? [])].filter(
    (id) => id.length <= MAX_MESSAGE_ID && !id.includes("\u0000"),
  );
}

/**
 * The key a message is taken once by. A message without one gets `<sha256-of-raw@redress.invalid>`, so the
 * same bytes posted twice are still one message; an absurdly long one is hashed to fit the key.
 */
export function messageIdOf(given: string | undefined, raw: Buffer): string {
  const id = given?.trim();
  if (!id) return `<${sha256(raw)}@redress.invalid>`;
  const bracketed = id.startsWith("<") ? id : `<${id}>`;
  // A NUL cannot be stored in PostgreSQL text: such an id is hashed like one that is too long.
  return bracketed.length <= MAX_MESSAGE_ID && !/\s/.test(bracketed) && !bracketed.includes("\u0000")
    ? bracketed
    : `<${sha256(bracketed)}@redress.invalid>`;
}

function firstAddress(from: AddressObject | AddressObject[] | undefined) {
  for (const group of [from ?? []].flat()) {
    for (const entry of group.value) {
      const found = entry.address ? entry : entry.group?.find((member) => member.address);
      if (found?.address)
        return { address: noNul(found.address.trim()), name: noNul(found.name?.trim()) || null };
    }
  }
  return undefined;
}

function addressText(value: AddressObject | AddressObject[] | undefined): string | null {
  const text = [value ?? []]
    .flat()
    .map((group) => group.text)
    .join(", ");
  return noNul(text) || null;
}

/** Header values by lower-cased name, from the raw lines (so `Return-Path: <>` stays empty, not parsed away). */
function headerMap(lines: readonly { key: string; line: string }[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const { key, line } of lines) {
    if (!key) continue;
    const value = line
      .slice(line.indexOf(":") + 1)
      .replace(/\r?\n[ \t]+/g, " ")
      .trim();
    map.set(key, [...(map.get(key) ?? []), value]);
  }
  return map;
}

/**
 * PostgreSQL text cannot hold NUL, which a message may carry in any header or part: kept, it failed the
 * whole intake with a 500 (fuzzing). Nothing readable is lost by dropping it; the raw .eml keeps the bytes.
 */
const noNul = <T extends string | null | undefined>(value: T): T =>
  (typeof value === "string" ? value.replaceAll("\u0000", "") : value) as T;

/** Parses a raw message; refuses (400 `malformed_email`) what is not a message or names no sender. */
export async function parseEmail(raw: Buffer): Promise<InboundEmail> {
  if (raw.byteLength === 0) throw malformed("the message is empty");
  let parsed: Awaited<ReturnType<typeof simpleParser>>;
  try {
    parsed = await mailparser().simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true });
  } catch (err) {
    throw malformed(`the message could not be parsed as MIME (${(err as Error).message})`);
  }
  const headers = headerMap(parsed.headerLines.map((h) => ({ key: h.key, line: noNul(h.line) })));
  if (headers.size === 0) throw malformed("no header section was found (expected lines like `From: …`)");
  if (!headers.has("from")) throw malformed("the message has no From header");
  const from = firstAddress(parsed.from);
  if (!from || from.address.length > 254 || !ADDRESS.test(from.address)) {
    throw malformed(`the From header (${headers.get("from")?.[0] ?? ""}) holds no email address`);
  }
  const contentType = parsed.headers.get("content-type") as
    | { value?: string; params?: Record<string, string> }
    | undefined;
  return {
    messageId: messageIdOf(parsed.messageId, raw),
    from,
    to: addressText(parsed.to),
    subject: noNul(parsed.subject?.trim()) || null,
    text: noNul(parsed.text?.trim()) ?? "",
    html: typeof parsed.html === "string" && parsed.html.trim() ? noNul(parsed.html) : null,
    inReplyTo: messageIdsIn(parsed.inReplyTo),
    references: messageIdsIn(parsed.references),
    attachments: parsed.attachments.map((a) => ({
      filename: noNul(a.filename),
      declaredType: a.contentType,
      content: a.content,
    })),
    headers,
    contentType: {
      value: (contentType?.value ?? "text/plain").toLowerCase(),
      params: contentType?.params ?? {},
    },
  };
}

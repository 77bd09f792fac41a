import type { InboundEmail } from "./inbound.parse.js";

/** Whether an inbound email is for a person to read, or machine mail that must open nothing. */
export type Verdict = { take: true } | { take: false; reason: string };

const AUTO_PRECEDENCE = new Set(["bulk", "junk", "list", "auto_reply"]);
const REPORT_TYPES = new Set(["delivery-status", "disposition-notification"]);
const SYSTEM_SENDERS = new Set(["mailer-daemon", "postmaster"]);

const header = (email: InboundEmail, name: string) => email.headers.get(name) ?? [];

/** The bare address in `Name <a@b>` or `a@b`, lower-cased. */
export function bareAddress(value: string): string {
  const angled = /<([^<>]*)>\s*$/.exec(value);
  return (angled ? angled[1]! : value).trim().toLowerCase();
}

/**
 * RFC 3834 and common practice: auto-replies, bounces and read receipts open nothing (answering them
 * risks a mail loop, and they are not complaints); nor does our own mail coming back. First rule wins.
 */
export function classifyEmail(email: InboundEmail, ourAddress: string): Verdict {
  const ignore = (reason: string): Verdict => ({ take: false, reason });
  if (email.from.address.toLowerCase() === bareAddress(ourAddress)) {
    return ignore(`loop: sent from our own address ${email.from.address}`);
  }
  const localPart = email.from.address.split("@")[0]!.toLowerCase();
  if (SYSTEM_SENDERS.has(localPart)) return ignore(`bounce: sent by ${email.from.address}`);
  if (email.contentType.value === "multipart/report") {
    const type = (email.contentType.params["report-type"] ?? "").toLowerCase();
    if (REPORT_TYPES.has(type)) {
      return ignore(
        type === "delivery-status"
          ? "bounce: a delivery status report"
          : "read receipt: a disposition notification",
      );
    }
  }
  if (header(email, "return-path").some((value) => /^<\s*>$/.test(value) || value === "")) {
    return ignore("bounce: empty Return-Path (<>)");
  }
  for (const value of header(email, "auto-submitted")) {
    const keyword = value.split(";")[0]!.trim().toLowerCase();
    if (keyword && keyword !== "no") return ignore(`auto-reply: Auto-Submitted: ${keyword}`);
  }
  for (const value of header(email, "precedence")) {
    if (AUTO_PRECEDENCE.has(value.trim().toLowerCase()))
      return ignore(`auto-reply: Precedence: ${value.trim()}`);
  }
  for (const name of ["x-autoreply", "x-autorespond", "x-auto-response-suppress"]) {
    const value = header(email, name).find((v) => v.trim() !== "");
    if (value !== undefined) return ignore(`auto-reply: ${name} header present`);
  }
  return { take: true };
}

/** `CMP-2026-000042` or `INC-…` anywhere in a subject (upper-cased; in the order they appear). */
export function referencesInSubject(subject: string | null): string[] {
  const found = subject?.toUpperCase().match(/\b(?:CMP|INC)-\d{4}-\d{6}\b/g) ?? [];
  return [...new Set(found)];
}

/**
 * The Message-IDs that may lead to an earlier message, most telling first: In-Reply-To, then References
 * from the newest back (a thread's last message is the likeliest to be ours).
 */
export function threadIdsOf(email: InboundEmail): string[] {
  return [...new Set([...email.inReplyTo, ...[...email.references].reverse()])].slice(0, 50);
}

const SUMMARY_MAX = 300;
const DESCRIPTION_MAX = 20_000;

function cut(text: string, max: number, marker: string): string {
  return text.length <= max ? text : `${text.slice(0, max - marker.length).trimEnd()}${marker}`;
}

/**
 * The intake fields of a complaint that arrives as an email (R1): the subject as summary (or the first
 * line of the text when there is none), the text as description, within the intake limits.
 */
export function intakeFromEmail(email: InboundEmail, note?: string) {
  const firstLine = email.text
    .split(/\r?\n/)
    .find((line) => line.trim())
    ?.trim();
  const summary = email.subject ?? firstLine ?? `Email from ${email.from.address}`;
  const text = email.text || "(The email had no text; see its attachments on the case file.)";
  const description = note ? `${note}\n\n${text}` : text;
  return {
    summary: cut(summary, SUMMARY_MAX, "…"),
    description: cut(
      description,
      DESCRIPTION_MAX,
      "\n\n[…cut here; the whole text is on the email in the case file]",
    ),
    customer: { name: (email.from.name ?? email.from.address).slice(0, 200), email: email.from.address },
  };
}

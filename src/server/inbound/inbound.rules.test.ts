import { describe, expect, it } from "vitest";
import { sanitizeEmailHtml } from "./inbound.html.js";
import { messageIdOf, parseEmail } from "./inbound.parse.js";
import { classifyEmail, intakeFromEmail, referencesInSubject, threadIdsOf } from "./inbound.rules.js";

const OURS = "Customer Care <care@redress.test>";

function message(headers: string, body = "Hello, my parcel arrived broken."): Buffer {
  const base = "From: Jane Doe <jane@example.com>\r\nTo: care@redress.test\r\nSubject: Broken parcel\r\n";
  return Buffer.from(`${base}${headers}\r\n${body}\r\n`);
}

describe("classifyEmail: machine mail opens nothing (RFC 3834)", () => {
  it.each([
    ["an ordinary message", "", null],
    ["Auto-Submitted: no", "Auto-Submitted: no\r\n", null],
    ["Precedence: first-class", "Precedence: first-class\r\n", null],
    [
      "Auto-Submitted: auto-replied",
      "Auto-Submitted: auto-replied\r\n",
      "auto-reply: Auto-Submitted: auto-replied",
    ],
    [
      "Auto-Submitted: auto-generated with a comment",
      "Auto-Submitted: auto-generated; owner=x\r\n",
      "auto-reply: Auto-Submitted: auto-generated",
    ],
    ["Precedence: bulk", "Precedence: bulk\r\n", "auto-reply: Precedence: bulk"],
    ["Precedence: junk", "Precedence: junk\r\n", "auto-reply: Precedence: junk"],
    ["Precedence: list", "Precedence: List\r\n", "auto-reply: Precedence: List"],
    ["Precedence: auto_reply", "Precedence: auto_reply\r\n", "auto-reply: Precedence: auto_reply"],
    ["X-Autoreply", "X-Autoreply: yes\r\n", "auto-reply: x-autoreply header present"],
    ["X-Autorespond", "X-Autorespond: on\r\n", "auto-reply: x-autorespond header present"],
    [
      "X-Auto-Response-Suppress",
      "X-Auto-Response-Suppress: All\r\n",
      "auto-reply: x-auto-response-suppress header present",
    ],
    ["empty Return-Path", "Return-Path: <>\r\n", "bounce: empty Return-Path (<>)"],
    [
      "a delivery status report",
      'MIME-Version: 1.0\r\nContent-Type: multipart/report; report-type=delivery-status; boundary="b"\r\n',
      "bounce: a delivery status report",
    ],
    [
      "a read receipt",
      'MIME-Version: 1.0\r\nContent-Type: multipart/report; report-type="disposition-notification"; boundary="b"\r\n',
      "read receipt: a disposition notification",
    ],
  ])("%s", async (_name, headers, reason) => {
    const email = await parseEmail(message(headers));
    expect(classifyEmail(email, OURS)).toEqual(reason === null ? { take: true } : { take: false, reason });
  });

  it.each([
    ["MAILER-DAEMON", "MAILER-DAEMON@mx.example.com", "bounce: sent by MAILER-DAEMON@mx.example.com"],
    ["postmaster", "Postmaster@example.com", "bounce: sent by Postmaster@example.com"],
    ["our own address (any case)", "CARE@redress.test", "loop: sent from our own address CARE@redress.test"],
  ])("from %s", async (_name, from, reason) => {
    const email = await parseEmail(Buffer.from(`From: ${from}\r\nSubject: x\r\n\r\nbody\r\n`));
    expect(classifyEmail(email, OURS)).toEqual({ take: false, reason });
  });
});

describe("parseEmail refuses what is not a message", () => {
  it.each([
    ["an empty body", "", /the message is empty/],
    ["plain text without headers", "hello, this is not an email", /no header section/],
    ["no From header", "Subject: hi\r\nTo: a@b.test\r\n\r\nbody", /no From header/],
    ["a From without an address", "From: Jane Doe\r\nSubject: hi\r\n\r\nbody", /holds no email address/],
  ])("%s", async (_name, raw, detail) => {
    await expect(parseEmail(Buffer.from(raw))).rejects.toMatchObject({
      status: 400,
      code: "malformed_email",
      detail: expect.stringMatching(detail),
    });
  });
});

describe("Message-IDs and thread keys", () => {
  it.each([
    ["kept as given", "<abc@example.com>", "<abc@example.com>"],
    ["bracketed when bare", "abc@example.com", "<abc@example.com>"],
    ["hashed when absurdly long", `<${"x".repeat(300)}@example.com>`, /^<[0-9a-f]{64}@redress\.invalid>$/],
    ["synthesised from the raw bytes when missing", undefined, /^<[0-9a-f]{64}@redress\.invalid>$/],
  ])("%s", (_name, given, expected) => {
    const id = messageIdOf(given, Buffer.from("raw"));
    if (typeof expected === "string") expect(id).toBe(expected);
    else expect(id).toMatch(expected);
  });

  it("gives the same synthetic Message-ID to the same bytes, and another to other bytes", () => {
    expect(messageIdOf(undefined, Buffer.from("a"))).toBe(messageIdOf(undefined, Buffer.from("a")));
    expect(messageIdOf(undefined, Buffer.from("a"))).not.toBe(messageIdOf(undefined, Buffer.from("b")));
  });

  it("looks at In-Reply-To first, then References newest first", async () => {
    const email = await parseEmail(
      message("In-Reply-To: <c@x>\r\nReferences: <a@x> <b@x>\r\n\t<c@x>\r\nMessage-ID: <d@x>\r\n"),
    );
    expect(email.messageId).toBe("<d@x>");
    expect(threadIdsOf(email)).toEqual(["<c@x>", "<b@x>", "<a@x>"]);
  });

  it.each([
    ["Re: We have received your complaint (CMP-2026-000042)", ["CMP-2026-000042"]],
    ["about inc-2025-000001 and CMP-2026-000002", ["INC-2025-000001", "CMP-2026-000002"]],
    ["CMP-2026-42 is not a reference", []],
    [null, []],
  ])("finds references in %s", (subject, expected) => {
    expect(referencesInSubject(subject)).toEqual(expected);
  });
});

describe("intakeFromEmail", () => {
  it("uses the first line of the text when there is no subject, and the address when there is no name", async () => {
    const email = await parseEmail(
      Buffer.from("From: jo@example.com\r\n\r\n\r\n  The heater broke.  \r\nAgain.\r\n"),
    );
    expect(intakeFromEmail(email)).toEqual({
      summary: "The heater broke.",
      description: "The heater broke.  \r\nAgain.".replace(/\r\n/g, "\n"),
      customer: { name: "jo@example.com", email: "jo@example.com" },
    });
  });

  it("cuts a long subject to the 300 characters a summary may have", async () => {
    const email = await parseEmail(message(`X-Pad: 1\r\nSubject: ${"s".repeat(400)}\r\n`));
    expect(intakeFromEmail(email).summary.length).toBeLessThanOrEqual(300);
  });
});

describe("sanitizeEmailHtml", () => {
  it("keeps formatting and links, drops scripts, handlers, iframes, forms, styles and remote images", () => {
    const html = sanitizeEmailHtml(
      '<p onclick="x()">Hi <b>there</b><script>alert(1)</script></p><img src="https://t.example/pixel.gif" onerror="steal()">' +
        '<iframe src="https://evil.example"></iframe><form action="https://evil.example"><input name="a"></form>' +
        '<a href="javascript:alert(1)">bad</a><a href="https://ok.example">ok</a><style>p{}</style>' +
        '<img src="cid:logo@x" alt="logo">',
    );
    expect(html).not.toMatch(/script|onclick|onerror|iframe|form|input|javascript|style|pixel/);
    expect(html).toContain("<b>there</b>");
    expect(html).toContain('href="https://ok.example"');
    expect(html).toContain('<img src="cid:logo@x" alt="logo" />');
  });
});

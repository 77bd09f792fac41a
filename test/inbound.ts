import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import { queryRows } from "../src/server/db/client.js";
import { createTestApp, type TestApp } from "./harness.js";

export const INBOUND_TOKEN = "inbound-relay-token-0123456789abcdef";
export const OUR_ADDRESS = "care@redress.test";

let serial = 0;

/** A plain RFC 5322 message with a fresh Message-ID; a header given as "" is left out. */
export function rawEmail(
  options: { from?: string; subject?: string; body?: string; headers?: Record<string, string> } = {},
): Buffer {
  serial += 1;
  const headers: Record<string, string> = {
    From: options.from ?? `"Jane Doe" <jane.${serial}@example.com>`,
    To: OUR_ADDRESS,
    Subject: options.subject ?? "My parcel arrived broken",
    Date: "Mon, 02 Mar 2026 09:30:00 +0000",
    "Message-ID": `<msg-${serial}-${process.pid}@example.com>`,
    ...options.headers,
  };
  const head = Object.entries(headers)
    .filter(([, value]) => value !== "")
    .map(([name, value]) => `${name}: ${value}`)
    .join("\r\n");
  return Buffer.from(`${head}\r\n\r\n${options.body ?? "The vase inside was in pieces. Please help."}\r\n`);
}

export const sha256 = (bytes: Buffer | Uint8Array) => createHash("sha256").update(bytes).digest("hex");
export const messageIdIn = (raw: Buffer) => /^Message-ID: (.*)$/im.exec(raw.toString())![1]!.trim();

/** A test app with the inbound endpoint on, and helpers to post mail and look at what it left. */
export async function createInboundApp() {
  const t: TestApp = await createTestApp({
    env: { REDRESS_INBOUND_TOKEN: INBOUND_TOKEN, REDRESS_MAIL_FROM: `Customer Care <${OUR_ADDRESS}>` },
  });
  return {
    t,
    post: (raw: Buffer, headers: Record<string, string> = {}) =>
      t.request({
        method: "POST",
        url: "/api/v1/inbound/email",
        headers: { authorization: `Bearer ${INBOUND_TOKEN}`, "content-type": "message/rfc822", ...headers },
        payload: raw,
      }),
    count: async (table: "cases" | "correspondence" | "inbound_messages") =>
      (await queryRows<{ n: number }>(t.db, sql.raw(`SELECT count(*)::int AS n FROM ${table}`)))[0]!.n,
    inboundRow: async (messageId: string) =>
      (
        await queryRows<{ outcome: string; reason: string | null; via: string; case_id: string | null }>(
          t.db,
          sql`SELECT outcome, reason, via, case_id FROM inbound_messages WHERE message_id = ${messageId}`,
        )
      )[0],
    /** The inbound emails on a case's file, oldest first. */
    mailsOf: (reference: string) =>
      queryRows<{
        id: string;
        body: string;
        body_html: string | null;
        from_address: string;
        message_id: string;
      }>(
        t.db,
        sql`SELECT c.id, c.body, c.body_html, c.from_address, c.message_id FROM correspondence c
            JOIN cases k ON k.id = c.case_id
            WHERE k.reference = ${reference} AND c.direction = 'inbound' ORDER BY c.occurred_at, c.id`,
      ),
  };
}

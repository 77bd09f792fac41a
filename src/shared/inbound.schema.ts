import { z } from "zod";

/** What became of one inbound email: a new case, a reply on a case, left on record only, or seen before. */
export const INBOUND_OUTCOMES = ["opened", "threaded", "ignored", "duplicate"] as const;
export type InboundOutcome = (typeof INBOUND_OUTCOMES)[number];

/**
 * The body of `POST /api/v1/inbound/email`: the raw RFC 5322 message, byte for byte as the mail server
 * delivered it (`Content-Type: message/rfc822`). Not JSON: a relay pipes the message through unchanged.
 */
export const inboundEmailBodySchema = z.instanceof(Uint8Array).optional().meta({
  type: "string",
  format: "binary",
  description: "The raw message (headers, blank line, body), as received; Content-Type: message/rfc822.",
});

export const inboundEmailResultSchema = z
  .object({
    outcome: z.enum(INBOUND_OUTCOMES),
    /** The message's Message-ID (synthesised as `<sha256@redress.invalid>` when it had none). */
    messageId: z.string(),
    /** The case the email opened or was added to; for a duplicate, the case the first copy went to. */
    reference: z.string().optional(),
    /** Why it was ignored (auto-reply, bounce, loop), or how it was threaded. */
    reason: z.string().optional(),
  })
  .meta({ id: "InboundEmailResult" });
export type InboundEmailResult = z.infer<typeof inboundEmailResultSchema>;

import { createHash, timingSafeEqual } from "node:crypto";
import type { FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { inboundEmailBodySchema, inboundEmailResultSchema } from "../../shared/inbound.schema.js";
import { AppError } from "../errors.js";
import type { Access } from "../http/access.js";
import { receiveEmail } from "./inbound.service.js";

declare module "fastify" {
  interface FastifyContextConfig {
    /**
     * The route checks a shared secret of its own (the mail relay's REDRESS_INBOUND_TOKEN): app.ts then
     * resolves no user session or API token for it, so a user's credentials never reach it.
     */
    sharedSecret?: true;
  }
}

/** Open to the network as far as user roles go; the inbound token is checked by the route itself. */
export const inboundAccess = { relay: { public: true } } satisfies Record<string, Access>;

const digest = (value: string) => createHash("sha256").update(value, "utf8").digest();

/** Constant time whatever the lengths: both sides are hashed to 32 bytes first. */
export function tokenMatches(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * Before the body is read: the endpoint is off without REDRESS_INBOUND_TOKEN (404), each client address
 * may post 600 messages a minute (wrong tokens count too), the token must match (401), and the body
 * must be a raw message (415).
 */
async function admitRelay(request: FastifyRequest): Promise<void> {
  const expected = request.server.deps.config.inboundToken;
  if (!expected) {
    throw new AppError(
      "inbound_disabled",
      404,
      "email intake over HTTP is off: set REDRESS_INBOUND_TOKEN (at least 24 characters) to turn it on",
    );
  }
  request.server.limiter.hit(request, "inbound-email", 600, 60_000);
  const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? "");
  if (!match || !tokenMatches(match[1]!, expected)) {
    throw new AppError(
      "bad_inbound_token",
      401,
      "send Authorization: Bearer <REDRESS_INBOUND_TOKEN>; this endpoint takes the inbound token, not a user's API token",
    );
  }
  const type = request.headers["content-type"]?.split(";")[0]?.trim().toLowerCase();
  if (type !== "message/rfc822") {
    throw new AppError(
      "unsupported_media_type",
      415,
      "send the raw email as the body with Content-Type: message/rfc822",
    );
  }
}

/** R1/R7: email in over HTTP, for a mail relay (e.g. a Postfix pipe or a provider's webhook forwarder). */
export const inboundRoutes: FastifyPluginAsyncZod = async (app) => {
  const { attachmentMaxBytes } = app.deps.config;
  // Room for the largest attachment after base64 (4/3) plus the text and headers around it.
  const bodyLimit = Math.ceil(attachmentMaxBytes * 1.5) + 1024 * 1024;
  // Only raw messages in this plugin: the JSON parser the rest of the API uses is not offered here.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("message/rfc822", { parseAs: "buffer", bodyLimit }, (_request, body, done) =>
    done(null, body),
  );

  app.post(
    "/inbound/email",
    {
      bodyLimit,
      onRequest: admitRelay,
      schema: {
        tags: ["inbound"],
        summary: "Take one inbound email",
        description:
          "For a mail relay: the raw RFC 5322 message as the body (Content-Type: message/rfc822), with " +
          "Authorization: Bearer <REDRESS_INBOUND_TOKEN> (not a user token). Opens a complaint (201), adds a " +
          "reply to its case (200), or records an auto-reply, bounce or loop without acting on it (200); the " +
          "same Message-ID twice is taken once (200, outcome duplicate). Off (404) when no token is configured.",
        consumes: ["message/rfc822"],
        security: [{ bearer: [] }],
        body: inboundEmailBodySchema,
        response: { 200: inboundEmailResultSchema, 201: inboundEmailResultSchema },
      },
      config: {
        access: inboundAccess.relay,
        sharedSecret: true,
        idempotent: { exempt: "the relay's retries are taken once by their Message-ID (outcome duplicate)" },
      },
    },
    async (request, reply) => {
      const raw = request.body;
      if (!raw || raw.byteLength === 0) {
        throw new AppError(
          "malformed_email",
          400,
          "the body is empty; send the raw message (headers, a blank line, body)",
        );
      }
      const result = await receiveEmail(
        request.ctx,
        Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength),
        "api",
      );
      return reply.code(result.outcome === "opened" ? 201 : 200).send(result);
    },
  );
};

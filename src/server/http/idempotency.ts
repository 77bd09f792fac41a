import { createHash } from "node:crypto";
import type { FastifyRequest } from "fastify";
import { findStoredAnswer, IdempotentReplay } from "../db/transact.js";
import { AppError } from "../errors.js";

declare module "fastify" {
  interface FastifyContextConfig {
    /** The route honours `Idempotency-Key`; `status` is the code of its first answer. */
    idempotent?: { status: number };
  }
}

const KEY = /^[\x21-\x7e]{1,200}$/;

/**
 * DESIGN.md: writes accept `Idempotency-Key`. The same key and body replay the first answer; the same key
 * with another body is 422. The key is claimed inside the write's own transaction (db/transact.ts).
 */
export async function prepareIdempotency(request: FastifyRequest): Promise<void> {
  const idempotent = request.routeOptions.config.idempotent;
  const key = request.headers["idempotency-key"];
  if (!idempotent || key === undefined) return;
  if (typeof key !== "string" || !KEY.test(key)) {
    throw new AppError(
      "bad_idempotency_key",
      400,
      "Idempotency-Key must be 1 to 200 visible ASCII characters, e.g. a UUID",
    );
  }
  const principal = request.actor.userId ?? `${request.actor.kind}:${request.ip}`;
  const requestHash = createHash("sha256")
    .update(`${request.method} ${request.url}\n${JSON.stringify(request.body ?? null)}`)
    .digest("hex");
  const claim = { principal, key, requestHash, statusCode: idempotent.status };
  const stored = await findStoredAnswer(request.server.deps.db, principal, key);
  if (stored) throw new IdempotentReplay(claim);
  request.ctx.idempotency = claim;
}

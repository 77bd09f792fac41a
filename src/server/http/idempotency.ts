import { createHash } from "node:crypto";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { findStoredAnswer, IdempotentReplay } from "../db/transact.js";
import { AppError } from "../errors.js";

/**
 * What a write route says about `Idempotency-Key`: `{ status }` honours it (the code of its first answer,
 * replayed with the stored body, and `headers` worked out from that body again, so a replay carries the
 * first answer's Location or ETag too); `{ exempt }` ignores it, and says why.
 */
export type Idempotency =
  | { status: number; headers?(answer: Record<string, unknown>): Record<string, string> }
  | { exempt: string };

declare module "fastify" {
  interface FastifyContextConfig {
    /** Required on every POST under /api/v1 (checked at start-up by requireIdempotencyOnEveryPost). */
    idempotent?: Idempotency;
  }
  interface FastifyInstance {
    /** Every POST under /api/v1 with its declaration, for the idempotency test and the docs. */
    idempotencyTable: RouteIdempotency[];
  }
}

export interface RouteIdempotency {
  method: string;
  url: string;
  idempotent: Idempotency;
}

const API = "/api/v1/";

function declarationProblem(
  idempotent: Idempotency | undefined,
  schema: { response?: unknown } | undefined,
): string | undefined {
  if (!idempotent) {
    return "declares no idempotency: add config.idempotent { status } (it honours Idempotency-Key) or { exempt: why not }";
  }
  if ("exempt" in idempotent) return idempotent.exempt.trim() ? undefined : "is exempt without a reason";
  const responses = schema?.response as Record<string, unknown> | undefined;
  if (responses && !(String(idempotent.status) in responses)) {
    return `replays status ${idempotent.status}, which its response schema does not declare`;
  }
  return undefined;
}

/**
 * DESIGN.md: writes accept `Idempotency-Key`. Like access policies (access.ts), the decision is declared
 * on each route: start-up fails on a POST under /api/v1 that says neither how it replays nor why it does not.
 */
export function requireIdempotencyOnEveryPost(app: FastifyInstance): void {
  const table: RouteIdempotency[] = [];
  app.decorate("idempotencyTable", table);
  app.addHook("onRoute", (route) => {
    const methods = [route.method].flat();
    if (!methods.includes("POST") || !route.url.startsWith(API)) return;
    const idempotent = (route.config as { idempotent?: Idempotency } | undefined)?.idempotent;
    const problem = declarationProblem(idempotent, route.schema);
    if (problem || !idempotent) throw new Error(`route POST ${route.url} ${problem}`);
    table.push({ method: "POST", url: route.url, idempotent });
  });
}

const KEY = /^[\x21-\x7e]{1,200}$/;

/**
 * DESIGN.md: writes accept `Idempotency-Key`. The same key and body replay the first answer; the same key
 * with another body is 422. The key is claimed inside the write's own transaction (db/transact.ts), so a
 * route that honours it must write in exactly one `transact` whose result is the response body.
 */
export async function prepareIdempotency(request: FastifyRequest): Promise<void> {
  const idempotent = request.routeOptions.config.idempotent;
  const key = request.headers["idempotency-key"];
  if (!idempotent || !("status" in idempotent) || key === undefined) return;
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

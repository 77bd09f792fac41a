import type { FastifyRequest } from "fastify";
import { AppError } from "../errors.js";

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * CSRF protection for cookie sessions (OWASP "verify origin with standard headers"): an unsafe request
 * riding on the session cookie must come from our own origin. Browsers always send `Sec-Fetch-Site` or
 * `Origin` on cross-site requests; API clients with a bearer token are not affected. The session cookie
 * is also SameSite=Lax. Besides JSON, only the file-upload routes take a body a plain HTML form could send
 * (multipart); they are behind this same check.
 */
export function checkCsrf(request: FastifyRequest, publicUrl: string): void {
  if (SAFE.has(request.method) || request.actor.source !== "session") return;
  const site = request.headers["sec-fetch-site"];
  if (site && site !== "same-origin" && site !== "none") throw csrfError();
  const origin = request.headers.origin;
  if (origin && origin !== new URL(publicUrl).origin && origin !== ownOrigin(request)) throw csrfError();
}

function ownOrigin(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

const csrfError = () =>
  new AppError(
    "cross_site_request",
    403,
    "this request came from another site with your session cookie; use the Redress app or an API token",
  );

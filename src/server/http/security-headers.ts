import type { FastifyInstance } from "fastify";

/**
 * The policy for our HTML: the web app (dist/web) and the customer's plain pages (public/pages.ts).
 * Scripts only from our own files, never inline, so an injected `<script>` or `onclick=` does nothing.
 * Styles allow 'unsafe-inline' because Mantine writes its theme into `<style data-mantine-styles>` at run
 * time and sets `style=` attributes for style props; a nonce cannot cover attributes (docs/security.md).
 * `data:` images: the app's icon is an inline SVG in index.html.
 */
export const APP_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "frame-ancestors 'none'",
].join("; ");

/** JSON, CSV, PDF and the rest are never documents to render: nothing may load, nobody may frame them. */
export const DATA_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** A year; no includeSubDomains, since other hosts of the organisation's domain are not ours to pin. */
const HSTS = "max-age=31536000";

/**
 * Security headers on every response, errors and 404s included (onSend runs for all of them). A header a
 * route set itself wins: downloads keep their `Content-Security-Policy: sandbox` (attachments.http.ts).
 */
export function installSecurityHeaders(app: FastifyInstance, publicUrl: string): void {
  const behindTls = publicUrl.startsWith("https:");
  app.addHook("onSend", async (_request, reply, payload) => {
    const type = String(reply.getHeader("content-type") ?? "");
    const defaults: Record<string, string> = {
      "content-security-policy": type.startsWith("text/html") ? APP_CSP : DATA_CSP,
      "x-content-type-options": "nosniff",
      // Customer links carry their token in the path: a followed link must not pass it on.
      "referrer-policy": "no-referrer",
      // For browsers that predate frame-ancestors.
      "x-frame-options": "DENY",
      "cross-origin-opener-policy": "same-origin",
      "cross-origin-resource-policy": "same-origin",
      ...(behindTls ? { "strict-transport-security": HSTS } : {}),
    };
    for (const [name, value] of Object.entries(defaults)) {
      if (!reply.hasHeader(name)) reply.header(name, value);
    }
    return payload;
  });
}

import type { FastifyReply, FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { AppError } from "../errors.js";
import { authAccess } from "./auth.policy.js";
import { finishSignIn, type PendingSignIn, redirectUri, startSignIn } from "./oidc.client.js";
import type { OidcConfig } from "./oidc.config.js";
import { signInWithSso } from "./oidc.service.js";
import { SESSION_COOKIE, setSessionCookie } from "./session.routes.js";

/** Holds state, nonce and PKCE verifier between the redirect to the provider and the way back. */
const PENDING_COOKIE = "redress_sso";
const PENDING_PATH = "/api/v1/session/oidc";
const PENDING_SECONDS = 600;

const providersSchema = z.object({
  password: z.literal(true),
  sso: z.object({ name: z.string(), startUrl: z.string() }).nullable(),
});

/** The provider's answer (RFC 6749 §4.1.2, RFC 9207); openid-client reads and checks it from the URL. */
const callbackQuerySchema = z.looseObject({
  code: z.string().optional(),
  state: z.string().optional(),
  iss: z.string().optional(),
  error: z.string().optional(),
  error_description: z.string().optional(),
});

/**
 * Single sign-on with OpenID Connect (authorization code flow with PKCE). The browser goes to `start`,
 * signs in at the provider and comes back to `callback`, which opens a session exactly as a password
 * sign-in does, or sends it to the sign-in page with `?sso=<reason>`.
 */
export const oidcRoutes: FastifyPluginAsyncZod = async (app) => {
  const { oidc, publicUrl } = app.deps.config;
  const secure = publicUrl.startsWith("https:");

  app.get(
    "/session/providers",
    {
      schema: { tags: ["session"], response: { 200: providersSchema } },
      config: { access: authAccess.signIn },
    },
    async () => ({
      password: true as const,
      sso: oidc ? { name: oidc.displayName, startUrl: `${PENDING_PATH}/start` } : null,
    }),
  );

  app.get(
    `/session/oidc/start`,
    {
      schema: {
        tags: ["session"],
        querystring: z.object({ returnTo: z.string().max(2000).optional() }),
      },
      config: { access: authAccess.signIn },
    },
    async (request, reply) => {
      app.limiter.hit(request, "sign-in", 30, 60_000);
      const config = configured(oidc);
      const returnTo = ownPath(request.query.returnTo);
      let started: Awaited<ReturnType<typeof startSignIn>>;
      try {
        started = await startSignIn(config, publicUrl, returnTo);
      } catch (error) {
        request.log.warn({ reason: (error as Error).message }, "single sign-on provider unavailable");
        return toSignInPage(reply, "sso_unavailable", returnTo);
      }
      const { location, pending } = started;
      reply.setCookie(PENDING_COOKIE, JSON.stringify(pending), {
        httpOnly: true,
        // Lax: the provider sends the browser back with a top-level GET, which carries it.
        sameSite: "lax",
        secure,
        path: PENDING_PATH,
        maxAge: PENDING_SECONDS,
      });
      return reply.redirect(location.href, 302);
    },
  );

  app.get(
    `/session/oidc/callback`,
    {
      schema: { tags: ["session"], querystring: callbackQuerySchema },
      config: { access: authAccess.signIn },
    },
    async (request, reply) => {
      app.limiter.hit(request, "sign-in", 30, 60_000);
      const config = configured(oidc);
      const pending = readPending(request.cookies[PENDING_COOKIE]);
      reply.clearCookie(PENDING_COOKIE, { path: PENDING_PATH });
      if (!pending) return toSignInPage(reply, "sso_expired", "/");
      try {
        const identity = await finishSignIn(config, callbackUrl(request, publicUrl), pending);
        request.ctx.actor = { ...request.actor, source: "sso" };
        const signedIn = await signInWithSso(request.ctx, config, identity, request.cookies[SESSION_COOKIE]);
        setSessionCookie(reply, signedIn.sessionToken, signedIn.expiresAt, secure);
        return reply.redirect(pending.returnTo, 302);
      } catch (error) {
        // A refusal (by the provider or by Redress) goes back to the sign-in page, its reason in the log;
        // a fault of Redress's own stays a 500.
        if (!(error instanceof AppError)) throw error;
        request.log.warn({ code: error.code, reason: error.message }, "single sign-on refused");
        return toSignInPage(reply, error.code, pending.returnTo);
      }
    },
  );
};

const notConfigured = () =>
  new AppError(
    "sso_not_configured",
    404,
    "single sign-on is not set up here; sign in with a password, or set REDRESS_OIDC_ISSUER",
  );

function configured(oidc: OidcConfig | undefined): OidcConfig {
  if (!oidc) throw notConfigured();
  return oidc;
}

/** A path of this site only: never another origin (an open redirect) nor a protocol-relative `//`. */
function ownPath(returnTo: string | undefined): string {
  return returnTo?.startsWith("/") && !returnTo.startsWith("//") && !returnTo.includes("\\") ? returnTo : "/";
}

function readPending(raw: string | undefined): PendingSignIn | undefined {
  if (!raw) return undefined;
  try {
    const value = JSON.parse(raw) as Partial<PendingSignIn>;
    const fields = [value.state, value.nonce, value.verifier, value.returnTo];
    if (!fields.every((field) => typeof field === "string")) return undefined;
    return { ...(value as PendingSignIn), returnTo: ownPath(value.returnTo) };
  } catch {
    return undefined;
  }
}

/** The registered redirect URI with the provider's answer, however the proxy in front rewrote the URL. */
function callbackUrl(request: FastifyRequest, publicUrl: string): URL {
  const url = new URL(redirectUri(publicUrl));
  url.search = new URL(request.url, "http://localhost").search;
  return url;
}

function toSignInPage(reply: FastifyReply, code: string, returnTo: string) {
  const search = new URLSearchParams({ sso: code, redirect: returnTo });
  return reply.redirect(`/sign-in?${search}`, 302);
}

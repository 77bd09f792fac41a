import type { FastifyReply } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { signInSchema, userSchema } from "../../shared/users.schema.js";
import { getUser } from "../users/users.service.js";
import { authAccess } from "./auth.policy.js";
import { signIn, signOut } from "./auth.service.js";

export const SESSION_COOKIE = "redress_session";

export function setSessionCookie(reply: FastifyReply, value: string, expires: Date, secure: boolean) {
  reply.setCookie(SESSION_COOKIE, value, { httpOnly: true, sameSite: "lax", secure, path: "/", expires });
}

/** Sign-in with email and password (R11): an HttpOnly, SameSite cookie session; DELETE signs out. */
export const sessionRoutes: FastifyPluginAsyncZod = async (app) => {
  const secure = app.deps.config.publicUrl.startsWith("https:");

  app.post(
    "/session",
    {
      schema: {
        tags: ["session"],
        body: signInSchema,
        response: { 200: z.object({ user: userSchema, expiresAt: z.iso.datetime() }) },
      },
      config: {
        access: authAccess.signIn,
        idempotent: { exempt: "sign-in: there is no principal yet, and a replay would hand out a session" },
      },
    },
    async (request, reply) => {
      // Per account, failures lock it (auth.service.ts); per address, this stops one client trying many accounts.
      app.limiter.hit(request, "sign-in", 30, 60_000);
      request.ctx.actor = { ...request.actor, source: "session" };
      const signedIn = await signIn(request.ctx, {
        ...request.body,
        previousSession: request.cookies[SESSION_COOKIE],
      });
      setSessionCookie(reply, signedIn.sessionToken, signedIn.expiresAt, secure);
      return { user: signedIn.user, expiresAt: signedIn.expiresAt.toISOString() };
    },
  );

  app.get(
    "/session",
    {
      schema: { tags: ["session"], response: { 200: z.object({ user: userSchema }) } },
      config: { access: authAccess.session },
    },
    async (request) => ({ user: await getUser(request.ctx, request.actor.userId!) }),
  );

  app.delete(
    "/session",
    { schema: { tags: ["session"] }, config: { access: { public: true } } },
    async (request, reply) => {
      const token = request.cookies[SESSION_COOKIE];
      if (token) await signOut(request.ctx, token);
      reply.clearCookie(SESSION_COOKIE, { path: "/" });
      return reply.code(204).send();
    },
  );
};

import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { idParams } from "../../shared/common.schema.js";
import { createTokenSchema, tokenSchema } from "../../shared/users.schema.js";
import { authAccess } from "./auth.policy.js";
import { createToken, listTokens, revokeToken } from "./tokens.service.js";

/** API tokens for integrations: `Authorization: Bearer <token>` on every endpoint. */
export const tokenRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    "/tokens",
    {
      schema: {
        tags: ["tokens"],
        body: createTokenSchema,
        response: { 201: tokenSchema.extend({ token: z.string() }) },
      },
      config: {
        access: authAccess.tokens,
        // A replay would need the token itself kept with the answer, and tokens are only ever kept hashed.
        idempotent: { exempt: "the answer carries the new secret token, which Redress never stores" },
      },
    },
    async (request, reply) => reply.code(201).send(await createToken(request.ctx, request.body)),
  );

  app.get(
    "/tokens",
    {
      schema: {
        tags: ["tokens"],
        response: { 200: z.object({ items: z.array(tokenSchema), nextCursor: z.null() }) },
      },
      config: { access: authAccess.tokens },
    },
    async (request) => ({ items: await listTokens(request.ctx), nextCursor: null }),
  );

  app.delete(
    "/tokens/:id",
    {
      schema: { tags: ["tokens"], params: idParams, response: { 200: tokenSchema } },
      config: { access: authAccess.tokens },
    },
    async (request) => revokeToken(request.ctx, request.params.id),
  );
};

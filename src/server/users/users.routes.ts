import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { idParams } from "../../shared/common.schema.js";
import { createUserSchema, updateUserSchema, userSchema } from "../../shared/users.schema.js";
import { usersAccess } from "./users.policy.js";
import { createUser, getUser, listUsers, updateUser } from "./users.service.js";

const userLocation = (answer: { id: unknown }) => ({ location: `/api/v1/users/${String(answer.id)}` });

export const usersRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    "/users",
    {
      schema: { tags: ["users"], body: createUserSchema, response: { 201: userSchema } },
      config: { access: usersAccess.create, idempotent: { status: 201, headers: userLocation } },
    },
    async (request, reply) => {
      const user = await createUser(request.ctx, request.body);
      return reply.code(201).headers(userLocation(user)).send(user);
    },
  );

  app.get(
    "/users",
    {
      schema: {
        tags: ["users"],
        response: { 200: z.object({ items: z.array(userSchema), nextCursor: z.null() }) },
      },
      config: { access: usersAccess.list },
    },
    async (request) => ({ items: await listUsers(request.ctx), nextCursor: null }),
  );

  app.get(
    "/users/:id",
    {
      schema: { tags: ["users"], params: idParams, response: { 200: userSchema } },
      config: { access: usersAccess.read },
    },
    async (request) => getUser(request.ctx, request.params.id),
  );

  app.patch(
    "/users/:id",
    {
      schema: { tags: ["users"], params: idParams, body: updateUserSchema, response: { 200: userSchema } },
      config: { access: usersAccess.update },
    },
    async (request) => updateUser(request.ctx, request.params.id, request.body),
  );
};

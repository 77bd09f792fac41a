import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { ROLES } from "../../shared/enums.js";
import {
  calendarPutSchema,
  calendarSchema,
  policyPutSchema,
  policySchema,
} from "../../shared/settings.schema.js";
import type { Access } from "../http/access.js";
import { saveCalendar, savePolicy } from "./settings.update.js";

export const settingsAccess = {
  read: { roles: ROLES },
  write: { roles: ["admin"] },
} satisfies Record<string, Access>;

const view = <T>(s: { version: number; body: T; createdAt: Date }) => ({
  ...s.body,
  version: s.version,
  updatedAt: s.createdAt.toISOString(),
});

export const settingsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    "/calendar",
    {
      schema: { tags: ["settings"], response: { 200: calendarSchema } },
      config: { access: settingsAccess.read },
    },
    async (request) => view((await request.ctx.settings.current(request.ctx.db)).calendar),
  );
  app.put(
    "/calendar",
    {
      schema: { tags: ["settings"], body: calendarPutSchema, response: { 200: calendarSchema } },
      config: { access: settingsAccess.write },
    },
    async (request) => {
      const { version: _v, updatedAt: _u, ...calendar } = request.body;
      return view(await saveCalendar(request.ctx, calendar));
    },
  );
  app.get(
    "/policy",
    {
      schema: { tags: ["settings"], response: { 200: policySchema } },
      config: { access: settingsAccess.read },
    },
    async (request) => view((await request.ctx.settings.current(request.ctx.db)).policy),
  );
  app.put(
    "/policy",
    {
      schema: { tags: ["settings"], body: policyPutSchema, response: { 200: policySchema } },
      config: { access: settingsAccess.write },
    },
    async (request) => {
      const { version: _v, updatedAt: _u, ...policy } = request.body;
      return view(await savePolicy(request.ctx, policy));
    },
  );
};

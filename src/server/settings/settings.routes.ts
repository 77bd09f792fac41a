import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { ROLES } from "../../shared/enums.js";
import {
  calendarInputSchema,
  calendarSchema,
  policyInputSchema,
  policySchema,
} from "../../shared/settings.schema.js";
import type { Access } from "../http/access.js";
import { currentSettings } from "./settings.service.js";
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
    async (request) => view((await currentSettings(request.ctx.db)).calendar),
  );
  app.put(
    "/calendar",
    {
      schema: { tags: ["settings"], body: calendarInputSchema, response: { 200: calendarSchema } },
      config: { access: settingsAccess.write },
    },
    async (request) => view(await saveCalendar(request.ctx, request.body)),
  );
  app.get(
    "/policy",
    {
      schema: { tags: ["settings"], response: { 200: policySchema } },
      config: { access: settingsAccess.read },
    },
    async (request) => view((await currentSettings(request.ctx.db)).policy),
  );
  app.put(
    "/policy",
    {
      schema: { tags: ["settings"], body: policyInputSchema, response: { 200: policySchema } },
      config: { access: settingsAccess.write },
    },
    async (request) => view(await savePolicy(request.ctx, request.body)),
  );
};

import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { ROLES } from "../../shared/enums.js";
import type { Access } from "../http/access.js";
import { TEMPLATE_KEYS } from "./templates.js";
import {
  currentTemplate,
  listTemplates,
  MERGE_FIELDS,
  previewTemplate,
  saveTemplate,
} from "./templates.store.js";

export const templatesAccess = {
  read: { roles: ROLES },
  write: { roles: ["admin"] },
} satisfies Record<string, Access>;

const bodySchema = z.strictObject({
  subject: z.string().trim().min(1).max(300),
  text: z.string().min(1).max(50_000),
  html: z.string().min(1).max(100_000),
});
const templateSchema = bodySchema
  .extend({ key: z.enum(TEMPLATE_KEYS), version: z.number().int(), updatedAt: z.iso.datetime().nullable() })
  .meta({ id: "Template" });
const keyParams = z.strictObject({ key: z.enum(TEMPLATE_KEYS) });

/** R7: templates admins edit (each save a new version), with their merge fields and a preview. */
export const templatesRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    "/templates",
    {
      schema: {
        tags: ["mail"],
        response: {
          200: z.object({
            items: z.array(templateSchema),
            mergeFields: z.record(z.string(), z.string()),
            nextCursor: z.null(),
          }),
        },
      },
      config: { access: templatesAccess.read },
    },
    async (request) => ({
      items: await listTemplates(request.ctx.db),
      mergeFields: MERGE_FIELDS,
      nextCursor: null,
    }),
  );
  app.get(
    "/templates/:key",
    {
      schema: { tags: ["mail"], params: keyParams, response: { 200: templateSchema } },
      config: { access: templatesAccess.read },
    },
    async (request) => currentTemplate(request.ctx.db, request.params.key),
  );
  app.put(
    "/templates/:key",
    {
      schema: { tags: ["mail"], params: keyParams, body: bodySchema, response: { 200: templateSchema } },
      // Each save is a new version: a retried PUT would store the text twice.
      config: { access: templatesAccess.write, idempotent: { status: 200 } },
    },
    async (request) => saveTemplate(request.ctx, request.params.key, request.body),
  );
  app.post(
    "/templates/:key/preview",
    {
      schema: {
        tags: ["mail"],
        description: "Renders the given text (or, with no body, the current version) with example values.",
        params: keyParams,
        body: z.preprocess((b) => b ?? {}, bodySchema.partial()),
        response: { 200: bodySchema },
      },
      config: {
        access: templatesAccess.read,
        idempotent: { exempt: "renders a preview and writes nothing" },
      },
    },
    async (request) => {
      const current = await currentTemplate(request.ctx.db, request.params.key);
      return previewTemplate({ ...current, ...request.body });
    },
  );
};

import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { referenceParams } from "../../shared/cases.schema.js";
import {
  actionItemInputSchema,
  actionItemSchema,
  actionItemUpdateSchema,
  investigationInputSchema,
  investigationSchema,
} from "../../shared/lifecycle.schema.js";
import { parseIfMatch } from "../cases/cases.change.js";
import { casesAccess } from "../cases/cases.policy.js";
import {
  addActionItem,
  getInvestigation,
  listCaseActionItems,
  saveInvestigation,
  updateActionItem,
} from "./investigation.service.js";

const itemParams = referenceParams.extend({ id: z.uuid() });

/** R6: the investigation record and the action plan of a case. */
export const investigationRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    "/cases/:reference/investigation",
    {
      schema: { tags: ["investigation"], params: referenceParams, response: { 200: investigationSchema } },
      config: { access: casesAccess.read },
    },
    async (request) => getInvestigation(request.ctx, request.params.reference),
  );
  app.put(
    "/cases/:reference/investigation",
    {
      schema: {
        tags: ["investigation"],
        params: referenceParams,
        body: investigationInputSchema,
        response: { 200: investigationSchema },
      },
      config: { access: casesAccess.investigate },
    },
    async (request) =>
      saveInvestigation(
        request.ctx,
        request.params.reference,
        request.body,
        parseIfMatch(request.headers["if-match"]),
      ),
  );
  app.get(
    "/cases/:reference/action-items",
    {
      schema: {
        tags: ["investigation"],
        params: referenceParams,
        response: { 200: z.object({ items: z.array(actionItemSchema), nextCursor: z.null() }) },
      },
      config: { access: casesAccess.read },
    },
    async (request) => ({
      items: await listCaseActionItems(request.ctx, request.params.reference),
      nextCursor: null,
    }),
  );
  app.post(
    "/cases/:reference/action-items",
    {
      schema: {
        tags: ["investigation"],
        params: referenceParams,
        body: actionItemInputSchema,
        response: { 201: actionItemSchema },
      },
      config: { access: casesAccess.investigate, idempotent: { status: 201 } },
    },
    async (request, reply) =>
      reply.code(201).send(await addActionItem(request.ctx, request.params.reference, request.body)),
  );
  app.patch(
    "/cases/:reference/action-items/:id",
    {
      schema: {
        tags: ["investigation"],
        params: itemParams,
        body: actionItemUpdateSchema,
        response: { 200: actionItemSchema },
      },
      config: { access: casesAccess.investigate },
    },
    async (request) =>
      updateActionItem(request.ctx, request.params.reference, request.params.id, request.body),
  );
};

import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { referenceParams } from "../../shared/cases.schema.js";
import {
  correspondenceListSchema,
  correspondenceSchema,
  logCorrespondenceSchema,
  sendMessageSchema,
} from "../../shared/correspondence.schema.js";
import { casesAccess } from "../cases/cases.policy.js";
import { listCorrespondence, logCorrespondence } from "./correspondence.service.js";
import { sendCustomerMessage } from "./messages.service.js";

export const correspondenceRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    "/cases/:reference/correspondence",
    {
      schema: {
        tags: ["correspondence"],
        params: referenceParams,
        querystring: z.strictObject({
          limit: z.coerce.number().int().min(1).max(500).default(200),
          cursor: z.uuid().optional(),
        }),
        response: { 200: correspondenceListSchema },
      },
      config: { access: casesAccess.read },
    },
    async (request) =>
      listCorrespondence(request.ctx, request.params.reference, request.query.limit, request.query.cursor),
  );

  app.post(
    "/cases/:reference/messages",
    {
      schema: {
        tags: ["correspondence"],
        description: "Email the customer from a template (queued in the outbox, kept on the case file).",
        params: referenceParams,
        body: sendMessageSchema,
        response: { 201: correspondenceSchema },
      },
      config: { access: casesAccess.correspond, idempotent: { status: 201 } },
    },
    async (request, reply) =>
      reply.code(201).send(await sendCustomerMessage(request.ctx, request.params.reference, request.body)),
  );

  app.post(
    "/cases/:reference/correspondence",
    {
      schema: {
        tags: ["correspondence"],
        description: "Log a call, letter, in-person talk, email or internal note on the case file.",
        params: referenceParams,
        body: logCorrespondenceSchema,
        response: { 201: correspondenceSchema },
      },
      config: { access: casesAccess.correspond, idempotent: { status: 201 } },
    },
    async (request, reply) =>
      reply.code(201).send(await logCorrespondence(request.ctx, request.params.reference, request.body)),
  );
};

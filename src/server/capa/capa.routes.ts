import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  capaListSchema,
  capaSchema,
  createCapaSchema,
  effectivenessSchema,
  linkCasesSchema,
  listCapasQuerySchema,
  rootCauseGroupsSchema,
  rootCauseQuerySchema,
  updateCapaSchema,
} from "../../shared/capa.schema.js";
import { parseIfMatch, versionEtag } from "../cases/cases.change.js";
import { capaAccess } from "./capa.policy.js";
import {
  createCapa,
  getCapa,
  linkCases,
  listCapas,
  recordEffectiveness,
  rootCauseReport,
  updateCapaRecord,
} from "./capa.service.js";

const capaParams = z.strictObject({ reference: z.string().min(1).max(40) });

/** R6: corrective and preventive actions, and the root causes they answer. */
export const capaRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    "/capas",
    {
      schema: { tags: ["capa"], body: createCapaSchema, response: { 201: capaSchema } },
      config: { access: capaAccess.write, idempotent: { status: 201 } },
    },
    async (request, reply) => reply.code(201).send(await createCapa(request.ctx, request.body)),
  );

  app.get(
    "/capas",
    {
      schema: {
        tags: ["capa"],
        description: "The CAPA register, soonest due first; `owner=me&due=any` is the owner's due list.",
        querystring: listCapasQuerySchema,
        response: { 200: capaListSchema },
      },
      config: { access: capaAccess.read },
    },
    async (request) => listCapas(request.ctx, request.query),
  );

  app.get(
    "/capas/:reference",
    {
      schema: { tags: ["capa"], params: capaParams, response: { 200: capaSchema } },
      config: { access: capaAccess.read },
    },
    async (request, reply) => {
      const capa = await getCapa(request.ctx, request.params.reference);
      return reply.headers(versionEtag(capa)).send(capa);
    },
  );

  app.patch(
    "/capas/:reference",
    {
      schema: { tags: ["capa"], params: capaParams, body: updateCapaSchema, response: { 200: capaSchema } },
      config: { access: capaAccess.write },
    },
    async (request, reply) => {
      const capa = await updateCapaRecord(
        request.ctx,
        request.params.reference,
        request.body,
        parseIfMatch(request.headers["if-match"]),
      );
      return reply.headers(versionEtag(capa)).send(capa);
    },
  );

  app.post(
    "/capas/:reference/cases",
    {
      schema: { tags: ["capa"], params: capaParams, body: linkCasesSchema, response: { 200: capaSchema } },
      config: { access: capaAccess.write, idempotent: { status: 200 } },
    },
    async (request) => linkCases(request.ctx, request.params.reference, request.body.caseReferences),
  );

  app.post(
    "/capas/:reference/effectiveness",
    {
      schema: {
        tags: ["capa"],
        description: "Record the effectiveness check (on or after its date); not effective reopens the CAPA.",
        params: capaParams,
        body: effectivenessSchema,
        response: { 200: capaSchema },
      },
      config: { access: capaAccess.write, idempotent: { status: 200, headers: versionEtag } },
    },
    async (request, reply) => {
      const capa = await recordEffectiveness(
        request.ctx,
        request.params.reference,
        request.body,
        parseIfMatch(request.headers["if-match"]),
      );
      return reply.headers(versionEtag(capa)).send(capa);
    },
  );

  app.get(
    "/root-causes",
    {
      schema: {
        tags: ["capa"],
        description:
          "Cases per root cause category over the last `days` days, with the CAPAs raised from them.",
        querystring: rootCauseQuerySchema,
        response: { 200: rootCauseGroupsSchema },
      },
      config: { access: capaAccess.rootCauses },
    },
    async (request) => rootCauseReport(request.ctx, request.query.days),
  );
};

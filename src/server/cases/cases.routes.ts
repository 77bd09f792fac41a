import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { DateTime } from "luxon";
import { z } from "zod";
import {
  caseListSchema,
  caseSchema,
  createCaseSchema,
  exportQuerySchema,
  historyEventSchema,
  listCasesQuerySchema,
  referenceParams,
  similarQuerySchema,
  similarResultSchema,
} from "../../shared/cases.schema.js";
import { logArchivedLogExport } from "../records/archive.views.js";
import { versionEtag } from "./cases.change.js";
import { exportLogCsv, exportLogXlsx } from "./cases.export.js";
import { caseHistory } from "./cases.history.js";
import { casesAccess } from "./cases.policy.js";
import { createCase, filterFromQuery, getCase, listCases } from "./cases.service.js";
import { similarAtIntake, similarToCase } from "./cases.similar.js";

const historyQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(1000).default(500),
  // A stream's seq is an int4: a larger cursor reached SQL and failed there with a 500 (fuzzing).
  cursor: z.coerce.number().int().min(0).max(2_147_483_647).optional(),
});

const caseLocation = (answer: { reference: unknown }) => ({
  location: `/api/v1/cases/${String(answer.reference)}`,
});

export const casesRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    "/cases",
    {
      schema: { tags: ["cases"], body: createCaseSchema, response: { 201: caseSchema } },
      config: { access: casesAccess.create, idempotent: { status: 201, headers: caseLocation } },
    },
    async (request, reply) => {
      const created = await createCase(request.ctx, request.body);
      return reply.code(201).headers(caseLocation(created)).send(created);
    },
  );

  app.get(
    "/cases",
    {
      schema: { tags: ["cases"], querystring: listCasesQuerySchema, response: { 200: caseListSchema } },
      config: { access: casesAccess.read },
    },
    async (request) => listCases(request.ctx, request.query),
  );

  app.get(
    "/cases/export",
    {
      schema: {
        tags: ["cases"],
        description: "The complaint log in the S0 columns, as CSV or XLSX.",
        querystring: exportQuerySchema,
      },
      config: { access: casesAccess.export },
    },
    async (request, reply) => {
      const { format, ...query } = request.query;
      const filter = filterFromQuery(request.ctx, query);
      // R11: archived cases' personal data leaving in the log is logged (who, when, how many, why).
      await logArchivedLogExport(request.ctx, request, filter);
      const stamp = DateTime.fromJSDate(request.ctx.clock.now()).toFormat("yyyy-MM-dd");
      reply.header("content-disposition", `attachment; filename="complaint-log-${stamp}.${format}"`);
      if (format === "xlsx") {
        reply.type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        return reply.send(exportLogXlsx(request.ctx, filter));
      }
      reply.type("text/csv; charset=utf-8");
      return reply.send(exportLogCsv(request.ctx, filter));
    },
  );

  app.get(
    "/cases/similar",
    {
      schema: {
        tags: ["cases"],
        description: "Similar open cases and the customer's earlier cases, while a case is being logged.",
        querystring: similarQuerySchema,
        response: { 200: similarResultSchema },
      },
      config: { access: casesAccess.read },
    },
    async (request) => similarAtIntake(request.ctx, request.query),
  );

  app.get(
    "/cases/:reference",
    {
      schema: { tags: ["cases"], params: referenceParams, response: { 200: caseSchema } },
      config: { access: casesAccess.read },
    },
    async (request, reply) => {
      const found = await getCase(request.ctx, request.params.reference);
      return reply.headers(versionEtag(found)).send(found);
    },
  );

  app.get(
    "/cases/:reference/history",
    {
      schema: {
        tags: ["cases"],
        params: referenceParams,
        querystring: historyQuery,
        response: {
          200: z.object({ items: z.array(historyEventSchema), nextCursor: z.string().nullable() }),
        },
      },
      config: { access: casesAccess.read },
    },
    async (request) =>
      caseHistory(request.ctx, request.params.reference, request.query.limit, request.query.cursor),
  );

  app.get(
    "/cases/:reference/similar",
    {
      schema: { tags: ["cases"], params: referenceParams, response: { 200: similarResultSchema } },
      config: { access: casesAccess.read },
    },
    async (request) => similarToCase(request.ctx, request.params.reference),
  );
};

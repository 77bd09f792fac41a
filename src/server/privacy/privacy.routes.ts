import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  customerIdParams,
  customerSummarySchema,
  dataRequestInputSchema,
  dataRequestListSchema,
  dataRequestSchema,
  dataRequestsQuerySchema,
  eraseInputSchema,
  erasureResultSchema,
  exportQuerySchema,
  findCustomersQuerySchema,
} from "../../shared/privacy.schema.js";
import { findCustomers } from "./privacy.customers.js";
import { eraseCustomer } from "./privacy.erase.js";
import { exportCustomerData } from "./privacy.export.js";
import { privacyAccess } from "./privacy.policy.js";
import { createDataRequest, listDataRequests } from "./privacy.requests.js";

/** R11 / GDPR Art 12, 15, 17: finding the person, their export and erasure, and the register of requests. */
export const privacyRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    "/customers",
    {
      schema: {
        tags: ["privacy"],
        description:
          "Find customers by email or phone (matched as intake matches them), to answer a data request.",
        querystring: findCustomersQuerySchema,
        response: { 200: z.object({ items: z.array(customerSummarySchema) }) },
      },
      config: { access: privacyAccess.answer },
    },
    async (request) => findCustomers(request.ctx, request.query),
  );

  app.get(
    "/customers/:id/export",
    {
      schema: {
        tags: ["privacy"],
        description:
          "Everything held on the customer (GDPR Art 15): export.json (machine-readable), export.html (readable, " +
          "with the Art 15 details) and their files, zipped. Records the access request as answered (?request=).",
        params: customerIdParams,
        querystring: exportQuerySchema,
        response: { 200: z.any().describe("application/zip") },
      },
      config: { access: privacyAccess.answer },
    },
    async (request, reply) => {
      const { bytes, filename } = await exportCustomerData(
        request.ctx,
        request.params.id,
        request.query.request,
      );
      return reply
        .type("application/zip")
        .header("content-disposition", `attachment; filename="${filename}"`)
        .send(Buffer.from(bytes));
    },
  );

  app.post(
    "/customers/:id/erase",
    {
      schema: {
        tags: ["privacy"],
        description:
          "Erase the customer by anonymisation (GDPR Art 17): their record, cases' personal data and free text, " +
          "correspondence, files, survey comments and the audit trail's personal values (the chain still verifies). " +
          "409 with the grounds when a case must be kept (open, legal hold, retention that is a legal duty); " +
          "the decision is recorded in the data-request register either way.",
        params: customerIdParams,
        body: z.preprocess((body) => body ?? {}, eraseInputSchema),
        response: { 200: erasureResultSchema },
      },
      config: {
        access: privacyAccess.answer,
        // A refusal is committed (the register keeps the decision) yet answered 409: no one stored answer.
        idempotent: {
          exempt: "erasing twice removes nothing more; with its requestId a repeat is refused as answered",
        },
      },
    },
    async (request) => eraseCustomer(request.ctx, request.params.id, request.body),
  );

  app.post(
    "/privacy/requests",
    {
      schema: {
        tags: ["privacy"],
        description:
          "Log a data subject's request when it arrives: its one-month deadline (Art 12(3)) starts then.",
        body: dataRequestInputSchema,
        response: { 201: dataRequestSchema },
      },
      config: { access: privacyAccess.answer, idempotent: { status: 201 } },
    },
    async (request, reply) => reply.code(201).send(await createDataRequest(request.ctx, request.body)),
  );

  app.get(
    "/privacy/requests",
    {
      schema: {
        tags: ["privacy"],
        description: "The register of data requests: received, due, answered or refused (newest first).",
        querystring: dataRequestsQuerySchema,
        response: { 200: dataRequestListSchema },
      },
      config: { access: privacyAccess.register },
    },
    async (request) => listDataRequests(request.ctx, request.query),
  );
};

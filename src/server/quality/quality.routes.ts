import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { fileDownloadResponse, fileParts } from "../../shared/attachments.schema.js";
import { idParams } from "../../shared/common.schema.js";
import {
  createReviewSchema,
  drawSampleSchema,
  followUpActionSchema,
  listQuerySchema,
  procedureInputSchema,
  procedureSchema,
  processFeedbackInputSchema,
  processFeedbackSchema,
  reviewSchema,
  sampleCheckSchema,
  sampleItemParams,
  sampleParams,
  sampleSchema,
} from "../../shared/quality.schema.js";
import { multipartBody, sendAttachment } from "../attachments/attachments.http.js";
import {
  attachProcedureDocument,
  listProcedures,
  listProcessFeedback,
  procedureDocument,
  saveProcedure,
  submitProcessFeedback,
} from "./procedures.service.js";
import { qualityAccess } from "./quality.policy.js";
import { followUpReviewAction, getReview, listManagementReviews, recordReview } from "./reviews.service.js";
import { checkSampledCase, drawSampleByHand, getSample, listQualitySamples } from "./sampling.service.js";

const tags = ["quality"];

/** R12–R14: quality sampling, management reviews, procedures and staff process feedback. */
export const qualityRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    "/samples",
    {
      schema: {
        tags,
        description:
          "Draw a month's quality sample of closed cases now (the scheduler draws last month's itself).",
        body: drawSampleSchema,
        response: { 201: sampleSchema },
      },
      config: { access: qualityAccess.drawSample, idempotent: { status: 201 } },
    },
    async (request, reply) => reply.code(201).send(await drawSampleByHand(request.ctx, request.body.month)),
  );
  app.get(
    "/samples",
    {
      schema: {
        tags,
        querystring: listQuerySchema,
        response: { 200: z.object({ items: z.array(sampleSchema) }) },
      },
      config: { access: qualityAccess.read },
    },
    async (request) => listQualitySamples(request.ctx, request.query.limit),
  );
  app.get(
    "/samples/:month",
    {
      schema: { tags, params: sampleParams, response: { 200: sampleSchema } },
      config: { access: qualityAccess.read },
    },
    async (request) => getSample(request.ctx, request.params.month),
  );
  app.put(
    "/samples/:month/items/:itemId",
    {
      schema: {
        tags,
        description: "Record the checks of a sampled case; all true passes. A failed check may raise a CAPA.",
        params: sampleItemParams,
        body: sampleCheckSchema,
        response: { 200: sampleSchema },
      },
      config: { access: qualityAccess.checkSample },
    },
    async (request) =>
      checkSampledCase(request.ctx, request.params.month, request.params.itemId, request.body),
  );

  app.post(
    "/reviews",
    {
      schema: { tags, body: createReviewSchema, response: { 201: reviewSchema } },
      config: { access: qualityAccess.review, idempotent: { status: 201 } },
    },
    async (request, reply) => reply.code(201).send(await recordReview(request.ctx, request.body)),
  );
  app.get(
    "/reviews",
    {
      schema: {
        tags,
        querystring: listQuerySchema,
        response: { 200: z.object({ items: z.array(reviewSchema) }) },
      },
      config: { access: qualityAccess.read },
    },
    async (request) => listManagementReviews(request.ctx, request.query.limit),
  );
  app.get(
    "/reviews/:id",
    {
      schema: { tags, params: idParams, response: { 200: reviewSchema } },
      config: { access: qualityAccess.read },
    },
    async (request) => getReview(request.ctx, request.params.id),
  );
  app.put(
    "/reviews/:id/actions/:actionId",
    {
      schema: {
        tags,
        description: "Follow up a decided action: done, dropped or still open, with a note.",
        params: idParams.extend({ actionId: z.uuid() }),
        body: followUpActionSchema,
        response: { 200: reviewSchema },
      },
      config: { access: qualityAccess.review },
    },
    async (request) =>
      followUpReviewAction(request.ctx, request.params.id, request.params.actionId, request.body),
  );

  app.get(
    "/procedures",
    {
      schema: { tags, response: { 200: z.object({ items: z.array(procedureSchema) }) } },
      config: { access: qualityAccess.readProcedures },
    },
    async (request) => listProcedures(request.ctx),
  );
  app.post(
    "/procedures",
    {
      schema: { tags, body: procedureInputSchema, response: { 201: procedureSchema } },
      config: { access: qualityAccess.writeProcedures, idempotent: { status: 201 } },
    },
    async (request, reply) => reply.code(201).send(await saveProcedure(request.ctx, request.body)),
  );
  app.put(
    "/procedures/:id",
    {
      schema: { tags, params: idParams, body: procedureInputSchema, response: { 200: procedureSchema } },
      config: { access: qualityAccess.writeProcedures },
    },
    async (request) => saveProcedure(request.ctx, request.body, request.params.id),
  );
  app.put(
    "/procedures/:id/document",
    {
      schema: {
        tags,
        description: "Upload the procedure's document (multipart/form-data, one part named `file`).",
        consumes: ["multipart/form-data"],
        params: idParams,
        body: z.strictObject({ file: fileParts.max(1, "attach one document") }),
        response: { 200: procedureSchema },
      },
      config: { access: qualityAccess.writeProcedures, multipart: true },
      preValidation: multipartBody,
    },
    async (request) => attachProcedureDocument(request.ctx, request.params.id, request.body.file[0]!),
  );
  app.get(
    "/procedures/:id/document",
    {
      schema: { tags, params: idParams, response: { 200: fileDownloadResponse } },
      config: { access: qualityAccess.readProcedures },
    },
    async (request, reply) =>
      sendAttachment(request, reply, await procedureDocument(request.ctx, request.params.id)),
  );

  app.post(
    "/process-feedback",
    {
      schema: { tags, body: processFeedbackInputSchema, response: { 201: processFeedbackSchema } },
      config: { access: qualityAccess.giveProcessFeedback, idempotent: { status: 201 } },
    },
    async (request, reply) => reply.code(201).send(await submitProcessFeedback(request.ctx, request.body)),
  );
  app.get(
    "/process-feedback",
    {
      schema: {
        tags,
        querystring: listQuerySchema,
        response: { 200: z.object({ items: z.array(processFeedbackSchema) }) },
      },
      config: { access: qualityAccess.readProcessFeedback },
    },
    async (request) => listProcessFeedback(request.ctx, request.query.limit),
  );
};

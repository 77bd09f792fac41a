import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { fileDownloadResponse, publicUploadSchema } from "../../shared/attachments.schema.js";
import {
  publicCaseSchema,
  publicComplaintSchema,
  publicConfirmationSchema,
  publicMessageSchema,
} from "../../shared/public.schema.js";
import { multipartBody, sendAttachment } from "../attachments/attachments.http.js";
import type { Access } from "../http/access.js";
import {
  addPublicMessage,
  confirmPublic,
  openPublicAttachment,
  receiveFromCustomer,
  submitPublicComplaint,
  viewPublicCase,
} from "./public.service.js";

export const publicAccess = { anyone: { public: true } } satisfies Record<string, Access>;

const tokenParams = z.strictObject({ token: z.string().min(1).max(100) });
const tokenFileParams = tokenParams.extend({ id: z.uuid() });
const HOUR = 3_600_000;

/**
 * R1/R7: what customers use without an account — the web form and their case link. Each client address
 * may submit 10 forms an hour, open 120 case pages a minute and send 30 messages and 30 uploads an hour;
 * wrong tokens count too.
 */
export const publicRoutes: FastifyPluginAsyncZod = async (app) => {
  const limiter = app.limiter;

  app.post(
    "/public/complaints",
    {
      schema: {
        tags: ["public"],
        description:
          "The public complaint form: no login; answers with the reference and the customer's link.",
        body: publicComplaintSchema,
        response: { 201: z.object({ reference: z.string(), link: z.string() }) },
      },
      config: { access: publicAccess.anyone, idempotent: { status: 201 } },
    },
    async (request, reply) => {
      limiter.hit(request, "public-form", 10, HOUR);
      return reply.code(201).send(await submitPublicComplaint(request.ctx, request.body));
    },
  );

  app.get(
    "/public/cases/:token",
    {
      schema: { tags: ["public"], params: tokenParams, response: { 200: publicCaseSchema } },
      config: { access: publicAccess.anyone },
    },
    async (request) => {
      limiter.hit(request, "public-link", 120, 60_000);
      return viewPublicCase(request.ctx, request.params.token);
    },
  );

  app.post(
    "/public/cases/:token/messages",
    {
      schema: {
        tags: ["public"],
        params: tokenParams,
        body: publicMessageSchema,
        response: { 201: publicCaseSchema },
      },
      config: { access: publicAccess.anyone, idempotent: { status: 201 } },
    },
    async (request, reply) => {
      limiter.hit(request, "public-link", 120, 60_000);
      limiter.hit(request, "public-message", 30, HOUR);
      return reply
        .code(201)
        .send(await addPublicMessage(request.ctx, request.params.token, request.body.message));
    },
  );

  app.post(
    "/public/cases/:token/attachments",
    {
      schema: {
        tags: ["public"],
        description:
          "The customer sends files (multipart/form-data: parts named `file`, optionally a `message` that " +
          "carries them). Checked by content before any is stored, as for staff uploads.",
        consumes: ["multipart/form-data"],
        params: tokenParams,
        body: publicUploadSchema,
        response: { 201: publicCaseSchema },
      },
      config: { access: publicAccess.anyone, multipart: true, idempotent: { status: 201 } },
      // Counted before the body is read: megabytes are not taken in beyond the limit.
      onRequest: async (request) => {
        limiter.hit(request, "public-link", 120, 60_000);
        limiter.hit(request, "public-upload", 30, HOUR);
      },
      preValidation: multipartBody,
    },
    async (request, reply) =>
      reply.code(201).send(
        await receiveFromCustomer(request.ctx, request.params.token, {
          message: request.body.message,
          files: request.body.file,
        }),
      ),
  );

  app.get(
    "/public/cases/:token/attachments/:id",
    {
      schema: { tags: ["public"], params: tokenFileParams, response: { 200: fileDownloadResponse } },
      config: { access: publicAccess.anyone },
    },
    async (request, reply) => {
      limiter.hit(request, "public-link", 120, 60_000);
      const found = await openPublicAttachment(request.ctx, request.params.token, request.params.id);
      return sendAttachment(request, reply, found);
    },
  );

  app.post(
    "/public/cases/:token/confirmation",
    {
      schema: {
        tags: ["public"],
        params: tokenParams,
        body: publicConfirmationSchema,
        response: { 200: publicCaseSchema },
      },
      config: { access: publicAccess.anyone, idempotent: { status: 200 } },
    },
    async (request) => {
      limiter.hit(request, "public-link", 120, 60_000);
      return confirmPublic(request.ctx, request.params.token, request.body);
    },
  );
};

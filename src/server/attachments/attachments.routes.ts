import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import {
  attachmentListSchema,
  attachmentParams,
  fileDownloadResponse,
  uploadAttachmentsSchema,
} from "../../shared/attachments.schema.js";
import { referenceParams } from "../../shared/cases.schema.js";
import { parseIfMatch } from "../cases/cases.change.js";
import { casesAccess } from "../cases/cases.policy.js";
import { multipartBody, sendAttachment } from "./attachments.http.js";
import { attachToCase, listAttachments, openAttachment } from "./attachments.service.js";

/** R2: files on the case file — upload (multipart), list, download. */
export const attachmentsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    "/cases/:reference/attachments",
    {
      schema: {
        tags: ["attachments"],
        description:
          "Attach files to the case (multipart/form-data: one or more parts named `file`, optionally " +
          "`correspondenceId`). Every file is checked by its content before one is stored: one refused " +
          "file (type 415, empty 400, too large 413, infected 422; 503 if the virus scanner does not answer) " +
          "stores none. Takes `If-Match` and `Idempotency-Key`.",
        consumes: ["multipart/form-data"],
        params: referenceParams,
        body: uploadAttachmentsSchema,
        response: { 201: attachmentListSchema },
      },
      config: { access: casesAccess.correspond, idempotent: { status: 201 }, multipart: true },
      // The body is read here, after the access check, so that zod validates the form like any body.
      preValidation: multipartBody,
    },
    async (request, reply) =>
      reply.code(201).send(
        await attachToCase(request.ctx, request.params.reference, {
          files: request.body.file,
          correspondenceId: request.body.correspondenceId,
          expectedVersion: parseIfMatch(request.headers["if-match"]),
        }),
      ),
  );

  app.get(
    "/cases/:reference/attachments",
    {
      schema: {
        tags: ["attachments"],
        params: referenceParams,
        response: { 200: attachmentListSchema },
      },
      config: { access: casesAccess.read },
    },
    async (request) => listAttachments(request.ctx, request.params.reference),
  );

  app.get(
    "/cases/:reference/attachments/:id",
    {
      schema: {
        tags: ["attachments"],
        description: "Download a file of the case: its bytes, offered for saving (never shown inline).",
        params: attachmentParams,
        response: { 200: fileDownloadResponse },
      },
      config: { access: casesAccess.read },
    },
    async (request, reply) =>
      sendAttachment(
        request,
        reply,
        await openAttachment(request.ctx, request.params.reference, request.params.id),
      ),
  );
};

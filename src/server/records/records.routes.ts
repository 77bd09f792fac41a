import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { referenceParams } from "../../shared/cases.schema.js";
import {
  archiveRegisterSchema,
  disposalApprovalSchema,
  disposalQueueSchema,
  disposalRegisterSchema,
  disposalResultSchema,
  legalHoldInputSchema,
  legalHoldListSchema,
  legalHoldReleaseSchema,
  legalHoldSchema,
  legalHoldsQuerySchema,
  registerQuerySchema,
  retentionPresetSchema,
  retentionPresetsQuerySchema,
} from "../../shared/records.schema.js";
import { listArchiveRegister, openArchiveBundle } from "./archive.service.js";
import { approveDisposal, listDisposalQueue, listDisposalRegister } from "./disposal.service.js";
import { listLegalHolds, placeLegalHold, releaseLegalHold } from "./legal-hold.service.js";
import { recordsAccess } from "./records.policy.js";
import { retentionPresets } from "./retention.js";

const zipDownload = z.any().describe("the case-file bundle (application/zip)");

/** R10: the archive register and bundles, legal holds, the disposal queue and register, retention presets. */
export const recordsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    "/records/archive-register",
    {
      schema: {
        tags: ["records"],
        description: "Who archived which case when, with the SHA-256 of its case-file bundle (newest first).",
        querystring: registerQuerySchema,
        response: { 200: archiveRegisterSchema },
      },
      config: { access: recordsAccess.read },
    },
    async (request) => listArchiveRegister(request.ctx, request.query),
  );

  app.get(
    "/cases/:reference/archive-bundle",
    {
      schema: {
        tags: ["records"],
        description:
          "The archived case file as registered: one zip of the case, its history, correspondence and " +
          "attachments (manifest.json lists each file's SHA-256). Its own SHA-256 is in the archive register. " +
          "The view is logged; send X-Access-Reason to say why.",
        params: referenceParams,
        response: { 200: zipDownload },
      },
      config: { access: recordsAccess.bundle },
    },
    async (request, reply) => {
      const bundle = await openArchiveBundle(request.ctx, request.params.reference);
      return reply
        .type("application/zip")
        .header("content-disposition", `attachment; filename="${bundle.reference}-case-file.zip"`)
        .header("x-content-sha256", bundle.sha256)
        .send(Buffer.from(bundle.content));
    },
  );

  app.post(
    "/cases/:reference/legal-hold",
    {
      schema: {
        tags: ["records"],
        description:
          "Place a legal hold (with its reason): the case cannot be disposed of or erased until released.",
        params: referenceParams,
        body: legalHoldInputSchema,
        response: { 201: legalHoldSchema },
      },
      config: { access: recordsAccess.hold, idempotent: { status: 201 } },
    },
    async (request, reply) =>
      reply.code(201).send(await placeLegalHold(request.ctx, request.params.reference, request.body.reason)),
  );

  app.delete(
    "/cases/:reference/legal-hold",
    {
      schema: {
        tags: ["records"],
        description: "Release the case's legal hold (optionally with a reason).",
        params: referenceParams,
        body: z.preprocess((body) => body ?? {}, legalHoldReleaseSchema),
        response: { 200: legalHoldSchema },
      },
      config: { access: recordsAccess.hold },
    },
    async (request) => releaseLegalHold(request.ctx, request.params.reference, request.body.reason ?? null),
  );

  app.get(
    "/records/legal-holds",
    {
      schema: {
        tags: ["records"],
        description: "Legal holds in force (state=all: released ones too), newest first.",
        querystring: legalHoldsQuerySchema,
        response: { 200: legalHoldListSchema },
      },
      config: { access: recordsAccess.read },
    },
    async (request) => listLegalHolds(request.ctx, request.query),
  );

  app.get(
    "/records/disposal-queue",
    {
      schema: {
        tags: ["records"],
        description: "Cases past retention, listed by the daily job, waiting for approval (oldest first).",
        querystring: registerQuerySchema,
        response: { 200: disposalQueueSchema },
      },
      config: { access: recordsAccess.read },
    },
    async (request) => listDisposalQueue(request.ctx, request.query),
  );

  app.post(
    "/records/disposals",
    {
      schema: {
        tags: ["records"],
        description:
          "Approve the disposal of a batch of queued cases, with a reason. All or nothing: a case under legal " +
          "hold, not in the queue or not yet past retention refuses the whole batch (409, naming each).",
        body: disposalApprovalSchema,
        response: { 201: disposalResultSchema },
      },
      config: { access: recordsAccess.dispose, idempotent: { status: 201 } },
    },
    async (request, reply) => reply.code(201).send(await approveDisposal(request.ctx, request.body)),
  );

  app.get(
    "/records/disposal-register",
    {
      schema: {
        tags: ["records"],
        description: "What was disposed of, when, by whom, under which rule and approval (newest first).",
        querystring: registerQuerySchema,
        response: { 200: disposalRegisterSchema },
      },
      config: { access: recordsAccess.read },
    },
    async (request) => listDisposalRegister(request.ctx, request.query),
  );

  app.get(
    "/records/retention-presets",
    {
      schema: {
        tags: ["records"],
        description:
          "Retention rule sets to start the policy's `retention` from: standard (6 years), FCA (3 years from " +
          "receipt), device maker (expected device life, at least 2 years).",
        querystring: retentionPresetsQuerySchema,
        response: { 200: z.object({ items: z.array(retentionPresetSchema) }) },
      },
      config: { access: recordsAccess.read },
    },
    async (request) => ({ items: retentionPresets(request.query.deviceLifetimeYears) }),
  );
};

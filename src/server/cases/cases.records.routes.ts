import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { caseSchema, referenceParams } from "../../shared/cases.schema.js";
import { text } from "../../shared/common.schema.js";
import {
  assessmentSchema,
  closureSchema,
  deadlineOverrideSchema,
  followUpSchema,
} from "../../shared/lifecycle.schema.js";
import { assessCase, overrideResolveDeadline, recomputeOpenCases } from "./cases.assessment.js";
import { parseIfMatch, versionEtag } from "./cases.change.js";
import { getClosure } from "./cases.closure.js";
import { recordFollowUp } from "./cases.follow-up.js";
import { casesAccess } from "./cases.policy.js";

/** The case's assessment (R5), its resolve deadline (R4) and its closure checklist (R8). */
export const caseRecordRoutes: FastifyPluginAsyncZod = async (app) => {
  app.put(
    "/cases/:reference/assessment",
    {
      schema: {
        tags: ["lifecycle"],
        params: referenceParams,
        body: assessmentSchema,
        response: { 200: caseSchema },
      },
      config: { access: casesAccess.assess },
    },
    async (request, reply) => {
      const updated = await assessCase(
        request.ctx,
        request.params.reference,
        request.body,
        parseIfMatch(request.headers["if-match"]),
      );
      return reply.headers(versionEtag(updated)).send(updated);
    },
  );

  app.put(
    "/cases/:reference/deadlines/resolve",
    {
      schema: {
        tags: ["lifecycle"],
        description: "Set this case's resolve deadline by hand, with a reason.",
        params: referenceParams,
        body: deadlineOverrideSchema,
        response: { 200: caseSchema },
      },
      config: { access: casesAccess.overrideDeadline },
    },
    async (request, reply) => {
      const updated = await overrideResolveDeadline(
        request.ctx,
        request.params.reference,
        request.body,
        parseIfMatch(request.headers["if-match"]),
      );
      return reply.headers(versionEtag(updated)).send(updated);
    },
  );

  app.get(
    "/cases/:reference/closure",
    {
      schema: { tags: ["lifecycle"], params: referenceParams, response: { 200: closureSchema } },
      config: { access: casesAccess.read },
    },
    async (request) => getClosure(request.ctx, request.params.reference),
  );

  app.post(
    "/cases/:reference/follow-up",
    {
      schema: {
        tags: ["lifecycle"],
        description:
          "Record the follow-up contact scheduled at resolution (SOP 004): how the customer was reached and what they said.",
        params: referenceParams,
        body: followUpSchema,
        response: { 200: caseSchema },
      },
      config: { access: casesAccess.correspond, idempotent: { status: 200, headers: versionEtag } },
    },
    async (request, reply) => {
      const updated = await recordFollowUp(
        request.ctx,
        request.params.reference,
        request.body,
        parseIfMatch(request.headers["if-match"]),
      );
      return reply.headers(versionEtag(updated)).send(updated);
    },
  );

  app.post(
    "/policy/recompute",
    {
      schema: {
        tags: ["settings"],
        description: "Move every open case onto the current policy and calendar (audited per case).",
        body: z.strictObject({ reason: text(2_000) }),
        response: { 200: z.object({ recomputed: z.number().int() }) },
      },
      config: {
        access: casesAccess.recompute,
        // One transaction per case, so no one stored answer; a repeat finds the cases already moved.
        idempotent: { exempt: "a repeat moves only cases not yet on the current versions (recomputed: 0)" },
      },
    },
    async (request) => recomputeOpenCases(request.ctx, request.body.reason),
  );
};

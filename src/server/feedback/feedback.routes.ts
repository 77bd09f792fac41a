import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { referenceParams } from "../../shared/cases.schema.js";
import {
  caseFeedbackSchema,
  staffSurveyAnswerSchema,
  surveyAnswerSchema,
} from "../../shared/feedback.schema.js";
import { parseIfMatch } from "../cases/cases.change.js";
import { casesAccess } from "../cases/cases.policy.js";
import { publicAccess } from "../public/public.routes.js";
import { answerSurveyByLink, listCaseFeedback, recordSurveyForCustomer } from "./feedback.service.js";

const HOUR = 3_600_000;
const tokenParams = z.strictObject({ token: z.string().min(1).max(100) });

/** R9: the satisfaction survey — answered by the customer on their link, or recorded by staff. */
export const feedbackRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    "/cases/:reference/feedback",
    {
      schema: {
        tags: ["feedback"],
        description: "The case's survey invitations (one per closure) and their answers.",
        params: referenceParams,
        response: { 200: caseFeedbackSchema },
      },
      config: { access: casesAccess.read },
    },
    async (request) => listCaseFeedback(request.ctx, request.params.reference),
  );

  app.post(
    "/cases/:reference/feedback",
    {
      schema: {
        tags: ["feedback"],
        description:
          "Record the survey answers a customer gave staff (by phone, letter, in person or email).",
        params: referenceParams,
        body: staffSurveyAnswerSchema,
        response: { 201: caseFeedbackSchema },
      },
      config: { access: casesAccess.correspond, idempotent: { status: 201 } },
    },
    async (request, reply) => {
      const surveys = await recordSurveyForCustomer(
        request.ctx,
        request.params.reference,
        request.body,
        parseIfMatch(request.headers["if-match"]),
      );
      return reply.code(201).send(surveys);
    },
  );

  app.post(
    "/public/cases/:token/feedback",
    {
      schema: {
        tags: ["public"],
        description: "The customer answers the survey on their case link; one answer per invitation.",
        params: tokenParams,
        body: surveyAnswerSchema,
        response: { 201: z.object({ thanks: z.string() }) },
      },
      config: { access: publicAccess.anyone, idempotent: { status: 201 } },
    },
    async (request, reply) => {
      app.limiter.hit(request, "public-feedback", 30, HOUR);
      return reply.code(201).send(await answerSurveyByLink(request.ctx, request.params.token, request.body));
    },
  );
};

import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { caseSchema, referenceParams } from "../../shared/cases.schema.js";
import { CASE_ACTIONS, type CaseAction } from "../../shared/enums.js";
import { actionBodySchemas } from "../../shared/lifecycle.schema.js";
import { performCaseAction } from "./cases.actions.js";
import { parseIfMatch, versionEtag } from "./cases.change.js";
import { ACTION_ACCESS } from "./cases.policy.js";

const DESCRIPTIONS: Record<CaseAction, string> = {
  acknowledge: "Record that the customer was acknowledged (new → acknowledged).",
  assign: "Assign or reassign the owner (acknowledged → assigned).",
  "start-investigation": "The owner starts investigating (assigned → investigating).",
  "await-customer": "Wait for the customer; pauses the resolve clock (reason required).",
  resume: "The customer answered; the resolve deadline moves by the business time waited.",
  escalate: "Raise the case one level, with a reason; the level's people are notified.",
  resolve: "Record the outcome, the resolution and any remedy (investigating → resolved).",
  verify: "A manager verifies the resolution.",
  "customer-confirmation":
    "The customer confirmed or rejected the resolution (rejected → investigating), or why it does not apply.",
  close: "Close once nothing blocks it (see GET …/closure).",
  reopen: "Reopen a resolved or closed case within the policy's window (reason required).",
  archive:
    "Archive a closed case (R10): its file becomes read-only, visible to records, auditors and admins only, " +
    "and the archive register gets the SHA-256 of its case-file bundle.",
};

/** R3: one endpoint per lifecycle step, `POST /api/v1/cases/{reference}/{action}`, with `If-Match`. */
export const caseActionRoutes: FastifyPluginAsyncZod = async (app) => {
  for (const action of CASE_ACTIONS) {
    app.post(
      `/cases/:reference/${action}`,
      {
        schema: {
          tags: ["lifecycle"],
          description: DESCRIPTIONS[action],
          params: referenceParams,
          // A step that needs nothing may be posted with no body at all.
          body: z.preprocess((body) => body ?? {}, actionBodySchemas[action]),
          response: { 200: caseSchema },
        },
        config: { access: ACTION_ACCESS[action], idempotent: { status: 200, headers: versionEtag } },
      },
      async (request, reply) => {
        const updated = await performCaseAction(request.ctx, {
          reference: request.params.reference,
          action,
          body: request.body as never,
          expectedVersion: parseIfMatch(request.headers["if-match"]),
        });
        return reply.headers(versionEtag(updated)).send(updated);
      },
    );
  }
};

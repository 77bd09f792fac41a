import type { z } from "zod";
import type { sendMessageSchema } from "../../shared/correspondence.schema.js";
import { openCaseForChange, saveCaseChange } from "../cases/cases.change.js";
import { casesAccess } from "../cases/cases.policy.js";
import { findCaseById } from "../cases/cases.queries.js";
import type { Ctx } from "../context.js";
import { transact } from "../db/transact.js";
import { AppError, invalid } from "../errors.js";
import { caseMergeData } from "../mail/merge.js";
import { queueEmail } from "../mail/outbox.js";
import { findCorrespondence } from "./correspondence.queries.js";
import { toCorrespondenceView } from "./correspondence.service.js";

const NEEDS_MESSAGE = new Set(["progress_update", "request_information"]);

/** R7 / ISO 10002 7.3, 7.8: a templated email to the customer, queued with its audit event, on the case file. */
export async function sendCustomerMessage(
  ctx: Ctx,
  reference: string,
  input: z.infer<typeof sendMessageSchema>,
) {
  if (NEEDS_MESSAGE.has(input.template) && !input.message) {
    throw invalid([
      {
        field: "message",
        message: `is required for ${input.template}: say what you want the customer to know`,
      },
    ]);
  }
  return transact(ctx, async (tx) => {
    const row = await openCaseForChange(tx, ctx, {
      reference,
      access: casesAccess.correspond,
      what: "a message to the customer",
    });
    const found = (await findCaseById(tx, row.id))!;
    const to = found.customer?.email;
    if (!to) {
      throw new AppError(
        "no_email",
        409,
        `the customer of ${row.reference} has no email address; call or write, and log it as correspondence`,
      );
    }
    const { calendar } = await ctx.settings.ofCase(tx, row);
    const data = {
      ...caseMergeData(row, found.customer?.name ?? row.customerName, calendar.timezone, ctx.config),
      message: input.message ?? "",
    };
    const { correspondenceId } = await queueEmail(tx, ctx, {
      caseId: row.id,
      to,
      template: input.template,
      data,
    });
    await saveCaseChange(tx, ctx, row, {
      action: "case.message_sent",
      patch: {},
      changes: {
        correspondenceId: { new: correspondenceId },
        template: { new: input.template },
        ...(input.message ? { message: { new: input.message } } : {}),
      },
      personal: ["message"],
    });
    return toCorrespondenceView((await findCorrespondence(tx, correspondenceId))!);
  });
}

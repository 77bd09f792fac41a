import { v7 as uuidv7 } from "uuid";
import type { CaseView } from "../../shared/cases.schema.js";
import type { FollowUpInput } from "../../shared/lifecycle.schema.js";
import type { Ctx } from "../context.js";
import { insertCorrespondence } from "../correspondence/correspondence.queries.js";
import { transact } from "../db/transact.js";
import { AppError, invalid } from "../errors.js";
import { openCaseForChange, saveCaseChange } from "./cases.change.js";
import { casesAccess } from "./cases.policy.js";
import { findCaseById } from "./cases.queries.js";
import { viewCase } from "./cases.view.js";

/**
 * SOP 004 §4: record the follow-up contact scheduled at resolution. The contact goes on the case file as
 * outbound correspondence and the follow-up leaves the owner's due list; one audit event for both.
 */
export async function recordFollowUp(
  ctx: Ctx,
  reference: string,
  input: FollowUpInput,
  expectedVersion?: number,
): Promise<CaseView> {
  const now = ctx.clock.now();
  const occurredAt = input.occurredAt ? new Date(input.occurredAt) : now;
  if (occurredAt.getTime() > now.getTime() + 5 * 60_000) {
    throw invalid([{ field: "occurredAt", message: "is in the future; give when the contact happened" }]);
  }
  return transact(ctx, async (tx) => {
    const row = await openCaseForChange(tx, ctx, {
      reference,
      access: casesAccess.correspond,
      what: "follow-up",
      expectedVersion,
    });
    if (!row.followUpDueAt) {
      throw new AppError(
        "no_follow_up_due",
        409,
        `${row.reference} has no follow-up scheduled: one is scheduled when the case is resolved (log other contact as correspondence)`,
        { currentStatus: row.status },
      );
    }
    if (row.followedUpAt) {
      throw new AppError(
        "already_followed_up",
        409,
        `${row.reference} was already followed up on ${row.followedUpAt.toISOString()}; log further contact as correspondence`,
      );
    }
    const correspondenceId = uuidv7();
    await insertCorrespondence(tx, {
      id: correspondenceId,
      caseId: row.id,
      kind: input.kind,
      direction: "outbound",
      occurredAt,
      recordedAt: now,
      authorId: ctx.actor.userId,
      subject: "Follow-up after resolution",
      body: input.note,
    });
    await saveCaseChange(tx, ctx, row, {
      action: "case.followed_up",
      patch: { followedUpAt: occurredAt, followedUpById: ctx.actor.userId },
      changes: {
        followedUpAt: { old: null, new: occurredAt },
        correspondenceId: { new: correspondenceId },
        kind: { new: input.kind },
        note: { new: input.note },
      },
      personal: ["note"],
    });
    return viewCase(ctx, (await findCaseById(tx, row.id))!, tx);
  });
}

import { v7 as uuidv7 } from "uuid";
import type { StaffSurveyAnswer, SurveyAnswer } from "../../shared/feedback.schema.js";
import type { Change } from "../audit/audit.service.js";
import { openCaseForChange, saveCaseChange } from "../cases/cases.change.js";
import { assertCanSeeCase, casesAccess } from "../cases/cases.policy.js";
import { type CaseRow, findCaseByReference, lockCaseById } from "../cases/cases.queries.js";
import { type Ctx, publicActor } from "../context.js";
import type { Db } from "../db/client.js";
import { transact } from "../db/transact.js";
import { AppError, notFound } from "../errors.js";
import { caseMergeData } from "../mail/merge.js";
import { queueEmail } from "../mail/outbox.js";
import { caseIdOfLink } from "../public/links.js";
import type { Policy } from "../sla/sla.policy.js";
import {
  customerContact,
  dueReminders,
  type InvitationRow,
  insertInvitation,
  insertResponse,
  latestInvitation,
  listCaseSurveys,
  markReminded,
  type ResponseRow,
  recheckReminder,
} from "./feedback.queries.js";

const DAY_MS = 86_400_000;

export function surveyState(invitation: InvitationRow, now: Date): "open" | "answered" | "expired" {
  if (invitation.answeredAt) return "answered";
  return invitation.expiresAt.getTime() <= now.getTime() ? "expired" : "open";
}

/**
 * R9: on closure, the customer is invited to the survey — by email with their case link when they have
 * one, otherwise staff ask by phone. Runs inside the close step's transaction; returns its audit entries.
 */
export async function inviteToSurvey(
  tx: Db,
  ctx: Ctx,
  row: CaseRow,
  policy: Policy,
  zone: string,
  now: Date,
): Promise<Record<string, Change>> {
  if (!policy.feedback.invite || !row.customerId) return {};
  const customer = await customerContact(tx, row.customerId);
  const email = customer?.email ?? null;
  const id = uuidv7();
  const expiresAt = new Date(now.getTime() + policy.feedback.expiryDays * DAY_MS);
  const remindAt =
    email && policy.feedback.reminderDays > 0
      ? new Date(now.getTime() + policy.feedback.reminderDays * DAY_MS)
      : null;
  await insertInvitation(tx, { id, caseId: row.id, invitedAt: now, emailedTo: email, remindAt, expiresAt });
  if (email) {
    await queueEmail(tx, ctx, {
      caseId: row.id,
      to: email,
      template: "feedback_invitation",
      data: caseMergeData(row, row.customerName ?? customer?.name ?? null, zone, ctx.config),
    });
  }
  return { surveyInvitation: { new: { id, emailed: Boolean(email), expiresAt } } };
}

async function recordAnswer(
  tx: Db,
  ctx: Ctx,
  row: CaseRow,
  answer: SurveyAnswer,
  channel: ResponseRow["channel"],
): Promise<void> {
  const now = ctx.clock.now();
  const invitation = await latestInvitation(tx, row.id);
  if (!invitation) {
    throw new AppError(
      "no_survey",
      409,
      `${row.reference} has no survey yet: the customer is invited when the case is closed`,
    );
  }
  const state = surveyState(invitation, now);
  if (state !== "open") {
    throw new AppError(
      state === "answered" ? "survey_answered" : "survey_expired",
      409,
      state === "answered"
        ? "this survey has already been answered: thank you, one answer is all we need"
        : `this survey closed on ${invitation.expiresAt.toISOString().slice(0, 10)}; contact us if you want to tell us more`,
    );
  }
  const taken = await insertResponse(tx, {
    id: uuidv7(),
    caseId: row.id,
    invitationId: invitation.id,
    satisfaction: answer.satisfaction,
    resolved: answer.resolved,
    handlingSatisfaction: answer.handlingSatisfaction,
    comment: answer.comment ?? null,
    channel,
    recordedById: ctx.actor.userId,
    answeredAt: now,
  });
  if (!taken) {
    throw new AppError("survey_answered", 409, "this survey has already been answered: thank you");
  }
  await saveCaseChange(tx, ctx, row, {
    action: "case.feedback_received",
    patch: {},
    changes: {
      satisfaction: { new: answer.satisfaction },
      resolved: { new: answer.resolved },
      handlingSatisfaction: { new: answer.handlingSatisfaction },
      channel: { new: channel },
      ...(answer.comment ? { comment: { new: answer.comment } } : {}),
    },
    personal: ["comment"],
  });
}

/**
 * The customer answers through their case link (`POST /public/cases/{token}/feedback`). The answer is the
 * transaction's result, so an Idempotency-Key retry replays it.
 */
export async function answerSurveyByLink(
  ctx: Ctx,
  token: string,
  answer: SurveyAnswer,
): Promise<{ thanks: string }> {
  const caseId = await caseIdOfLink(ctx.db, token, ctx.clock.now());
  const linkNotFound = notFound("this case link", "check that you copied the whole link from our email");
  if (!caseId) throw linkNotFound;
  const publicCtx = { ...ctx, actor: publicActor("case-link") };
  return transact(publicCtx, async (tx) => {
    const row = await lockCaseById(tx, caseId);
    if (!row) throw linkNotFound;
    await recordAnswer(tx, publicCtx, row, answer, "web");
    return { thanks: "Thank you: your answers help us improve." };
  });
}

/**
 * Staff record the answers a customer gave by phone, letter, in person or in an email; answers with the
 * case's surveys, read in the same transaction (so an Idempotency-Key retry replays them).
 */
export async function recordSurveyForCustomer(
  ctx: Ctx,
  reference: string,
  input: StaffSurveyAnswer,
  expectedVersion?: number,
) {
  const { channel, ...answer } = input;
  return transact(ctx, async (tx) => {
    const row = await openCaseForChange(tx, ctx, {
      reference,
      access: casesAccess.correspond,
      what: "feedback",
      expectedVersion,
    });
    await recordAnswer(tx, ctx, row, answer, channel);
    return listCaseFeedback(ctx, reference, tx);
  });
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export async function listCaseFeedback(ctx: Ctx, reference: string, db: Db = ctx.db) {
  const found = await findCaseByReference(db, reference);
  if (!found) throw notFound(`case ${reference}`, "check the reference, e.g. CMP-2026-000042");
  assertCanSeeCase(ctx.actor, found.case);
  const now = ctx.clock.now();
  const surveys = await listCaseSurveys(db, found.case.id);
  return {
    items: surveys.map(({ invitation, response }) => ({
      id: invitation.id,
      state: surveyState(invitation, now),
      invitedAt: invitation.invitedAt.toISOString(),
      emailed: invitation.emailedTo !== null,
      remindAt: iso(invitation.remindAt),
      remindedAt: iso(invitation.remindedAt),
      expiresAt: invitation.expiresAt.toISOString(),
      response: response && {
        satisfaction: response.satisfaction,
        resolved: response.resolved,
        handlingSatisfaction: response.handlingSatisfaction,
        comment: response.comment,
        channel: response.channel,
        recordedById: response.recordedById,
        answeredAt: response.answeredAt.toISOString(),
      },
    })),
  };
}

/**
 * R9: one reminder to customers who have not answered. Each case is locked before its invitation is
 * re-checked (the order every other writer uses), so two instances never remind the same customer twice.
 */
export async function sendSurveyReminders(ctx: Ctx, limit = 200): Promise<number> {
  const now = ctx.clock.now();
  const due = await dueReminders(ctx.db, now, limit);
  let sent = 0;
  for (const { id, caseId } of due) {
    await transact(ctx, async (tx) => {
      const row = await lockCaseById(tx, caseId);
      const invitation = await recheckReminder(tx, id, now);
      if (!row || !invitation?.emailedTo) return;
      await markReminded(tx, id, now);
      if (row.status === "archived") return; // read-only record: no more mail about it
      const { calendar } = await ctx.settings.ofCase(tx, row);
      await queueEmail(tx, ctx, {
        caseId,
        to: invitation.emailedTo,
        template: "feedback_invitation",
        data: caseMergeData(row, row.customerName, calendar.timezone, ctx.config),
      });
      await saveCaseChange(tx, ctx, row, {
        action: "case.feedback_reminded",
        patch: {},
        changes: { surveyReminder: { new: now } },
      });
      sent += 1;
    });
  }
  return sent;
}

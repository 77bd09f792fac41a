import { v7 as uuidv7 } from "uuid";
import type { CreateReviewInput } from "../../shared/quality.schema.js";
import { appendAudit } from "../audit/audit.service.js";
import { raiseCapa } from "../capa/capa.service.js";
import type { Ctx } from "../context.js";
import type { Db } from "../db/client.js";
import { transact } from "../db/transact.js";
import { AppError, invalid, notFound } from "../errors.js";
import { findUserById } from "../users/users.queries.js";
import {
  actionsOfReview,
  findReview,
  insertReview,
  insertReviewActions,
  listReviews,
  lockReviewAction,
  monthlyReportId,
  openActionsBefore,
  reportPeriod,
  updateReviewAction,
} from "./reviews.queries.js";

type ActionRow = Awaited<ReturnType<typeof actionsOfReview>>[number];
const actionView = ({ action, capaReference }: ActionRow) => ({
  id: action.id,
  text: action.text,
  ownerId: action.ownerId,
  dueDate: action.dueDate,
  status: action.status,
  capaReference,
  followUpNote: action.followUpNote,
  closedAt: action.closedAt?.toISOString() ?? null,
});

export async function getReview(ctx: Ctx, id: string, db: Db = ctx.db) {
  const review = await findReview(db, id);
  if (!review) throw notFound(`management review ${id}`, "list reviews with GET /api/v1/reviews");
  const [actions, earlier, reportMonth] = await Promise.all([
    actionsOfReview(db, id),
    openActionsBefore(db, review),
    reportPeriod(db, review.reportId),
  ]);
  return {
    id: review.id,
    period: review.period,
    heldOn: review.heldOn,
    attendees: review.attendees,
    reportMonth,
    findings: review.findings,
    actions: actions.map(actionView),
    openFromEarlier: earlier.map((row) => ({ ...actionView(row), reviewPeriod: row.reviewPeriod })),
    createdAt: review.createdAt.toISOString(),
  };
}

export async function listManagementReviews(ctx: Ctx, limit: number) {
  const rows = await listReviews(ctx.db, limit);
  return { items: await Promise.all(rows.map((r) => getReview(ctx, r.id))) };
}

/** R12 / ISO 10002 9.4: the review record, its decided actions, and any CAPAs they open — one transaction. */
export async function recordReview(ctx: Ctx, input: CreateReviewInput) {
  return transact(ctx, async (tx) => {
    const now = ctx.clock.now();
    const reportId = input.reportMonth ? await monthlyReportId(tx, input.reportMonth) : undefined;
    if (input.reportMonth && !reportId) {
      throw invalid([
        {
          field: "reportMonth",
          message: `no stored monthly report for ${input.reportMonth}; generate it with GET /api/v1/reports/monthly?month=${input.reportMonth}`,
        },
      ]);
    }
    const id = uuidv7();
    await insertReview(tx, {
      id,
      period: input.period,
      heldOn: input.heldOn,
      attendees: input.attendees,
      reportId: reportId ?? null,
      findings: input.findings,
      createdAt: now,
      createdById: ctx.actor.userId,
      updatedAt: now,
    });
    const actions = [];
    for (const action of input.actions) {
      // An unknown owner broke the foreign key inside the insert: a 500 instead of a 400 (fuzzing).
      if (action.ownerId && (await findUserById(tx, action.ownerId))?.active !== 1) {
        throw invalid([
          {
            field: `actions.${input.actions.indexOf(action)}.ownerId`,
            message: "is not an active user; list users with GET /api/v1/users",
          },
        ]);
      }
      const capa = action.capa ? await raiseCapa(tx, ctx, action.capa) : null;
      actions.push({
        id: uuidv7(),
        reviewId: id,
        text: action.text,
        ownerId: action.ownerId ?? null,
        dueDate: action.dueDate ?? null,
        status: "open" as const,
        capaId: capa?.id ?? null,
      });
    }
    await insertReviewActions(tx, actions);
    await appendAudit(tx, ctx.actor, now, {
      stream: `review:${id}`,
      action: "review.recorded",
      changes: {
        period: { new: input.period },
        heldOn: { new: input.heldOn },
        attendees: { new: input.attendees },
        findings: { new: input.findings },
        actions: { new: actions.map((a) => a.text) },
      },
      personal: ["findings"],
    });
    return getReview(ctx, id, tx);
  });
}

/** The follow-up of a decided action, at this or a later review: done, dropped or still open, with a note. */
export async function followUpReviewAction(
  ctx: Ctx,
  reviewId: string,
  actionId: string,
  input: { status: "open" | "done" | "dropped"; note: string },
) {
  return transact(ctx, async (tx) => {
    const action = await lockReviewAction(tx, reviewId, actionId);
    if (!action)
      throw notFound(`action ${actionId} of review ${reviewId}`, "see the review's actions with GET");
    if (action.status !== "open" && input.status !== "open") {
      throw new AppError("action_closed", 409, `this action is already ${action.status}; reopen it first`);
    }
    const now = ctx.clock.now();
    await updateReviewAction(tx, action.id, {
      status: input.status,
      followUpNote: input.note,
      closedAt: input.status === "open" ? null : now,
    });
    await appendAudit(tx, ctx.actor, now, {
      stream: `review:${reviewId}`,
      action: "review.action_followed_up",
      changes: {
        action: { new: action.text },
        status: { old: action.status, new: input.status },
        note: { new: input.note },
      },
      personal: ["note"],
    });
    return getReview(ctx, reviewId, tx);
  });
}

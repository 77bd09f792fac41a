import { DateTime } from "luxon";
import { v7 as uuidv7 } from "uuid";
import type { UploadedPart } from "../../shared/attachments.schema.js";
import type { ProcedureInput } from "../../shared/quality.schema.js";
import { checkFile } from "../attachments/attachments.content.js";
import { blobContent, insertBlob } from "../attachments/attachments.queries.js";
import { scanFile } from "../attachments/attachments.scan.js";
import { appendAudit } from "../audit/audit.service.js";
import type { Ctx } from "../context.js";
import type { Db } from "../db/client.js";
import { transact } from "../db/transact.js";
import { invalid, notFound } from "../errors.js";
import { notifyRole, notifyUsers } from "../notifications/notifications.service.js";
import { findUserById } from "../users/users.queries.js";
import {
  claimReviewReminders,
  findProcedure,
  insertProcedure,
  insertProcessFeedback,
  latestProcessFeedback,
  listProcedureRows,
  type ProcedureRow,
  updateProcedure,
} from "./procedures.queries.js";

/** A procedure comes up for review this many days before its review date. */
const REVIEW_NOTICE_DAYS = 30;

async function today(ctx: Ctx, db: Db): Promise<DateTime> {
  const now = ctx.clock.now();
  const { calendar } = await ctx.settings.current(db, now.getTime());
  return DateTime.fromJSDate(now, { zone: calendar.body.timezone }).startOf("day");
}

function view(row: ProcedureRow, day: DateTime) {
  return {
    id: row.id,
    title: row.title,
    version: row.version,
    effectiveDate: row.effectiveDate,
    reviewDate: row.reviewDate,
    reviewDue: row.reviewDate <= day.plus({ days: REVIEW_NOTICE_DAYS }).toISODate()!,
    ownerId: row.ownerId,
    document:
      row.fileSha256 && row.filename && row.contentType
        ? { filename: row.filename, contentType: row.contentType, sha256: row.fileSha256 }
        : null,
    updatedAt: row.updatedAt.toISOString(),
  };
}

function checkDates(input: ProcedureInput): void {
  if (input.reviewDate <= input.effectiveDate) {
    throw invalid([{ field: "reviewDate", message: "must be after effectiveDate" }]);
  }
}

async function find(db: Db, id: string): Promise<ProcedureRow> {
  const row = await findProcedure(db, id);
  if (!row) throw notFound(`procedure ${id}`, "list procedures with GET /api/v1/procedures");
  return row;
}

export async function listProcedures(ctx: Ctx) {
  const day = await today(ctx, ctx.db);
  const rows = await listProcedureRows(ctx.db);
  return { items: rows.map((r) => view(r, day)) };
}

/** R14: a procedure (or a new version of one) recorded; audited. */
export async function saveProcedure(ctx: Ctx, input: ProcedureInput, id?: string) {
  checkDates(input);
  return transact(ctx, async (tx) => {
    // An unknown owner broke the foreign key inside the insert: a 500 instead of a 400 (fuzzing).
    if (input.ownerId && (await findUserById(tx, input.ownerId))?.active !== 1) {
      throw invalid([
        { field: "ownerId", message: "is not an active user; list users with GET /api/v1/users" },
      ]);
    }
    const now = ctx.clock.now();
    const before = id ? await find(tx, id) : undefined;
    const row = { ...input, ownerId: input.ownerId ?? null, updatedAt: now };
    const procedureId = before?.id ?? uuidv7();
    if (before) {
      // A new review date means a new review cycle: its reminder is due again.
      await updateProcedure(tx, before.id, {
        ...row,
        reviewRemindedAt: null,
        rowVersion: before.rowVersion + 1,
      });
    } else {
      await insertProcedure(tx, { ...row, id: procedureId, createdAt: now });
    }
    await appendAudit(tx, ctx.actor, now, {
      stream: `procedure:${procedureId}`,
      action: before ? "procedure.updated" : "procedure.created",
      changes: Object.fromEntries(
        Object.entries(input).map(([k, v]) => [
          k,
          { old: before?.[k as keyof ProcedureRow] ?? null, new: v },
        ]),
      ),
    });
    return view(await find(tx, procedureId), await today(ctx, tx));
  });
}

export async function attachProcedureDocument(ctx: Ctx, id: string, file: UploadedPart) {
  const checked = await checkFile(file.bytes, file.filename, ctx.config.attachmentMaxBytes);
  await scanFile(ctx, checked);
  return transact(ctx, async (tx) => {
    const row = await find(tx, id);
    const now = ctx.clock.now();
    await insertBlob(tx, checked, now);
    await updateProcedure(tx, id, {
      fileSha256: checked.sha256,
      filename: checked.filename,
      contentType: checked.contentType,
      updatedAt: now,
      rowVersion: row.rowVersion + 1,
    });
    await appendAudit(tx, ctx.actor, now, {
      stream: `procedure:${id}`,
      action: "procedure.document_attached",
      changes: {
        filename: { old: row.filename, new: checked.filename },
        sha256: { old: row.fileSha256, new: checked.sha256 },
      },
    });
    return view(await find(tx, id), await today(ctx, tx));
  });
}

export async function procedureDocument(ctx: Ctx, id: string) {
  const row = await find(ctx.db, id);
  const content = row.fileSha256 ? await blobContent(ctx.db, row.fileSha256) : undefined;
  if (!row.fileSha256 || !row.filename || !row.contentType || !content) {
    throw notFound(
      `a document for procedure ${row.title}`,
      "upload it with PUT /api/v1/procedures/{id}/document",
    );
  }
  return { row: { sha256: row.fileSha256, filename: row.filename, contentType: row.contentType }, content };
}

/** R14: reminds each procedure's owner (or quality) once per review cycle, 30 days before its review date. */
export async function remindProcedureReviews(ctx: Ctx): Promise<number> {
  return transact(ctx, async (tx) => {
    const horizon = (await today(ctx, tx)).plus({ days: REVIEW_NOTICE_DAYS }).toISODate()!;
    const due = await claimReviewReminders(tx, horizon);
    const now = ctx.clock.now();
    for (const row of due) {
      const notice = {
        caseId: null,
        kind: "procedure.review_due" as const,
        message: `Procedure "${row.title}" (version ${row.version}) is due for review on ${row.reviewDate}`,
      };
      if (row.ownerId) await notifyUsers(tx, [row.ownerId], notice, now);
      else await notifyRole(tx, "quality", notice, now);
      await updateProcedure(tx, row.id, { reviewRemindedAt: now });
    }
    return due.length;
  });
}

/** R14: staff feedback on the process; one `transact`, so an Idempotency-Key retry records it once. */
export async function submitProcessFeedback(ctx: Ctx, input: { area?: string | null; text: string }) {
  const row = {
    id: uuidv7(),
    authorId: ctx.actor.userId,
    area: input.area ?? null,
    text: input.text,
    createdAt: ctx.clock.now(),
  };
  return transact(ctx, async (tx) => {
    await insertProcessFeedback(tx, row);
    return { ...row, createdAt: row.createdAt.toISOString() };
  });
}

export async function listProcessFeedback(ctx: Ctx, limit: number) {
  const rows = await latestProcessFeedback(ctx.db, limit);
  return {
    items: rows.map((r) => ({
      id: r.id,
      area: r.area,
      text: r.text,
      authorId: r.authorId,
      createdAt: r.createdAt.toISOString(),
    })),
  };
}

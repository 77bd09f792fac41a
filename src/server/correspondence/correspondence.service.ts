import { v7 as uuidv7 } from "uuid";
import type { AttachmentView } from "../../shared/attachments.schema.js";
import type { LogCorrespondenceInput } from "../../shared/correspondence.schema.js";
import { listMessageAttachments } from "../attachments/attachments.queries.js";
import { toAttachmentView } from "../attachments/attachments.service.js";
import { openCaseForChange, saveCaseChange } from "../cases/cases.change.js";
import { assertCanSeeCase, casesAccess } from "../cases/cases.policy.js";
import { findCaseByReference } from "../cases/cases.queries.js";
import type { Ctx } from "../context.js";
import { transact } from "../db/transact.js";
import { invalid, notFound } from "../errors.js";
import {
  type CorrespondenceRow,
  findCorrespondence,
  insertCorrespondence,
  listCaseCorrespondence,
} from "./correspondence.queries.js";

/** One item of the case file; `attachments` are its files (none yet on an item just written). */
export function toCorrespondenceView(
  { item, authorName }: { item: CorrespondenceRow; authorName: string | null },
  attachments: AttachmentView[] = [],
) {
  return {
    id: item.id,
    kind: item.kind,
    direction: item.direction,
    internal: item.kind === "note",
    occurredAt: item.occurredAt.toISOString(),
    recordedAt: item.recordedAt.toISOString(),
    author: item.authorId ? { id: item.authorId, name: authorName ?? "" } : null,
    from: item.fromAddress,
    to: item.toAddress,
    subject: item.subject,
    body: item.body,
    bodyHtml: item.bodyHtml,
    deliveryStatus: item.deliveryStatus,
    attachments,
  };
}

export async function listCorrespondence(ctx: Ctx, reference: string, limit: number, cursor?: string) {
  const found = await findCaseByReference(ctx.db, reference);
  if (!found) throw notFound(`case ${reference}`, "check the reference, e.g. CMP-2026-000042");
  assertCanSeeCase(ctx.actor, found.case);
  const rows = await listCaseCorrespondence(ctx.db, found.case.id, limit + 1, cursor);
  const page = rows.slice(0, limit);
  // One query for the files of the whole page, not one per item.
  const files = await listMessageAttachments(
    ctx.db,
    page.map((r) => r.item.id),
  );
  const filesOf = new Map<string, AttachmentView[]>();
  for (const file of files) {
    const id = file.row.correspondenceId!;
    filesOf.set(id, [...(filesOf.get(id) ?? []), toAttachmentView(file)]);
  }
  return {
    items: page.map((r) => toCorrespondenceView(r, filesOf.get(r.item.id))),
    nextCursor: rows.length > limit ? page.at(-1)!.item.id : null,
  };
}

/** R7 / SOP 001 §6: a call, letter, in-person talk, email or note on the case file; audited. */
export async function logCorrespondence(ctx: Ctx, reference: string, input: LogCorrespondenceInput) {
  const now = ctx.clock.now();
  if (input.kind === "note" && input.direction) {
    throw invalid([{ field: "direction", message: "a note is internal: leave direction out" }]);
  }
  if (input.kind !== "note" && !input.direction) {
    throw invalid([
      { field: "direction", message: "say inbound (the customer reached us) or outbound (we reached them)" },
    ]);
  }
  const occurredAt = input.occurredAt ? new Date(input.occurredAt) : now;
  if (occurredAt.getTime() > now.getTime() + 5 * 60_000) {
    throw invalid([{ field: "occurredAt", message: "is in the future; give when it happened" }]);
  }
  return transact(ctx, async (tx) => {
    const row = await openCaseForChange(tx, ctx, {
      reference,
      access: casesAccess.correspond,
      what: "correspondence",
    });
    const id = uuidv7();
    await insertCorrespondence(tx, {
      id,
      caseId: row.id,
      kind: input.kind,
      direction: input.direction ?? null,
      occurredAt,
      recordedAt: now,
      authorId: ctx.actor.userId,
      subject: input.subject ?? null,
      body: input.body,
    });
    await saveCaseChange(tx, ctx, row, {
      action: "case.correspondence_logged",
      patch: {},
      changes: {
        correspondenceId: { new: id },
        kind: { new: input.kind },
        direction: { new: input.direction ?? null },
        occurredAt: { new: occurredAt },
        ...(input.subject ? { subject: { new: input.subject } } : {}),
        body: { new: input.body },
      },
      personal: ["subject", "body"],
    });
    return toCorrespondenceView((await findCorrespondence(tx, id))!);
  });
}

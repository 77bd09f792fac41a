import { eq } from "drizzle-orm";
import { v7 as uuidv7 } from "uuid";
import type { z } from "zod";
import type {
  actionItemInputSchema,
  actionItemUpdateSchema,
  investigationInputSchema,
} from "../../shared/lifecycle.schema.js";
import type { Change } from "../audit/audit.service.js";
import { openCaseForChange, saveCaseChange } from "../cases/cases.change.js";
import { assertCanSeeCase, casesAccess } from "../cases/cases.policy.js";
import { findCaseByReference } from "../cases/cases.queries.js";
import type { Ctx } from "../context.js";
import type { Db } from "../db/client.js";
import { actionItems } from "../db/schema/index.js";
import { transact } from "../db/transact.js";
import { AppError, invalid, notFound } from "../errors.js";
import { findUserById } from "../users/users.queries.js";
import { toActionItemView } from "./action-items.view.js";
import {
  findInvestigation,
  type InvestigationRow,
  listActionItems,
  upsertInvestigation,
} from "./investigation.queries.js";

type InvestigationInput = z.infer<typeof investigationInputSchema>;
const EDITABLE = ["assigned", "investigating", "awaiting_customer"] as const;

function assertEditable(row: { reference: string; status: string }, what: string): void {
  if (!(EDITABLE as readonly string[]).includes(row.status)) {
    throw new AppError(
      "not_editable",
      409,
      `the ${what} of ${row.reference} can be changed while it is assigned or being investigated; it is ${row.status.replace("_", " ")}${row.status === "resolved" || row.status === "closed" ? " (reopen it first)" : ""}`,
      { currentStatus: row.status },
    );
  }
}

async function visibleCase(ctx: Ctx, reference: string) {
  const found = await findCaseByReference(ctx.db, reference);
  if (!found) throw notFound(`case ${reference}`, "check the reference, e.g. CMP-2026-000042");
  assertCanSeeCase(ctx.actor, found.case);
  return found.case;
}

function investigationView(found: Awaited<ReturnType<typeof findInvestigation>>) {
  const i = found?.investigation;
  return {
    findings: i?.findings ?? null,
    peopleInterviewed: i?.peopleInterviewed ?? null,
    recordsReviewed: i?.recordsReviewed ?? null,
    rootCauseCategory: i?.rootCauseCategory ?? null,
    rootCause: i?.rootCause ?? null,
    notInvestigatedReason: i?.notInvestigatedReason ?? null,
    decidedBy: i?.decidedById ? { id: i.decidedById, name: found?.deciderName ?? "" } : null,
    updatedAt: i?.updatedAt.toISOString() ?? null,
  };
}

export async function getInvestigation(ctx: Ctx, reference: string) {
  const c = await visibleCase(ctx, reference);
  return investigationView(await findInvestigation(ctx.db, c.id));
}

/** R6 / 820.198: findings, people, records, root cause, or a decision not to investigate (reason + name). */
export async function saveInvestigation(
  ctx: Ctx,
  reference: string,
  input: InvestigationInput,
  expectedVersion?: number,
) {
  const { policy } = await ctx.settings.current(ctx.db);
  const category = input.rootCauseCategory;
  if (category && !policy.body.rootCauseCategories.includes(category)) {
    throw invalid([
      {
        field: "rootCauseCategory",
        message: `must be one of the policy's categories: ${policy.body.rootCauseCategories.join(", ")}`,
      },
    ]);
  }
  return transact(ctx, async (tx) => {
    const row = await openCaseForChange(tx, ctx, {
      reference,
      access: casesAccess.investigate,
      what: "the investigation",
      expectedVersion,
    });
    assertEditable(row, "investigation");
    const now = ctx.clock.now();
    const before = (await findInvestigation(tx, row.id))?.investigation;
    const next: InvestigationRow = {
      caseId: row.id,
      findings: before?.findings ?? null,
      peopleInterviewed: before?.peopleInterviewed ?? null,
      recordsReviewed: before?.recordsReviewed ?? null,
      rootCauseCategory: before?.rootCauseCategory ?? null,
      rootCause: before?.rootCause ?? null,
      notInvestigatedReason: before?.notInvestigatedReason ?? null,
      decidedById: before?.decidedById ?? null,
      updatedAt: now,
      updatedById: ctx.actor.userId,
    };
    const changes: Record<string, Change> = {};
    for (const [field, value] of Object.entries(input) as [
      keyof InvestigationInput,
      string | null | undefined,
    ][]) {
      if (value === undefined || value === next[field]) continue;
      changes[field] = { old: next[field], new: value };
      next[field] = value;
    }
    if (Object.keys(changes).length === 0)
      throw new AppError("no_change", 409, "nothing to change: every field given already has that value");
    if ("notInvestigatedReason" in changes) {
      next.decidedById = next.notInvestigatedReason ? ctx.actor.userId : null;
      changes.decidedById = { old: before?.decidedById ?? null, new: next.decidedById };
    }
    await upsertInvestigation(tx, next);
    await saveCaseChange(tx, ctx, row, { action: "case.investigation_updated", patch: {}, changes });
    return investigationView(await findInvestigation(tx, row.id));
  });
}

export async function listCaseActionItems(ctx: Ctx, reference: string) {
  const c = await visibleCase(ctx, reference);
  return (await listActionItems(ctx.db, c.id)).map(toActionItemView);
}

async function assertOwner(db: Db, ownerId: string | null | undefined): Promise<void> {
  if (!ownerId) return;
  const user = await findUserById(db, ownerId);
  if (user?.active !== 1)
    throw invalid([
      { field: "ownerId", message: "is not an active user; list users with GET /api/v1/users" },
    ]);
}

/** R6: an item of the action plan, with owner and due date. */
export async function addActionItem(
  ctx: Ctx,
  reference: string,
  input: z.infer<typeof actionItemInputSchema>,
) {
  return transact(ctx, async (tx) => {
    const row = await openCaseForChange(tx, ctx, {
      reference,
      access: casesAccess.investigate,
      what: "the action plan",
    });
    assertEditable(row, "action plan");
    await assertOwner(tx, input.ownerId);
    const now = ctx.clock.now();
    const id = uuidv7();
    await tx.insert(actionItems).values({
      id,
      caseId: row.id,
      text: input.text,
      ownerId: input.ownerId ?? null,
      dueDate: input.dueDate ?? null,
      status: "open",
      createdAt: now,
      updatedAt: now,
    });
    await saveCaseChange(tx, ctx, row, {
      action: "case.action_item_added",
      patch: {},
      changes: {
        actionItemId: { new: id },
        text: { new: input.text },
        ownerId: { new: input.ownerId ?? null },
        dueDate: { new: input.dueDate ?? null },
      },
    });
    return toActionItemView((await listActionItems(tx, row.id)).find((i) => i.item.id === id)!);
  });
}

/** R8: done, or waived with a reason; or a new text, owner or due date. Items can change until closing. */
export async function updateActionItem(
  ctx: Ctx,
  reference: string,
  itemId: string,
  input: z.infer<typeof actionItemUpdateSchema>,
) {
  if (input.status === "waived" && !input.waivedReason) {
    throw invalid([
      { field: "waivedReason", message: "is required to waive an action item: say why it is not needed" },
    ]);
  }
  return transact(ctx, async (tx) => {
    const row = await openCaseForChange(tx, ctx, {
      reference,
      access: casesAccess.investigate,
      what: "the action plan",
    });
    if (row.status === "closed" || row.status === "archived") assertEditable(row, "action plan");
    const [item] = await tx.select().from(actionItems).where(eq(actionItems.id, itemId)).for("update");
    if (!item || item.caseId !== row.id)
      throw notFound(`action item ${itemId} on ${row.reference}`, "list them with GET …/action-items");
    await assertOwner(tx, input.ownerId);
    const now = ctx.clock.now();
    const changes: Record<string, Change> = {};
    const patch: Partial<typeof actionItems.$inferInsert> = { updatedAt: now };
    for (const field of ["text", "ownerId", "dueDate", "status", "waivedReason"] as const) {
      const value = input[field];
      if (value === undefined || value === item[field]) continue;
      changes[field] = { old: item[field], new: value };
      Object.assign(patch, { [field]: value });
    }
    if (Object.keys(changes).length === 0)
      throw new AppError("no_change", 409, "nothing to change: every field given already has that value");
    if (patch.status) {
      patch.doneAt = patch.status === "done" ? now : null;
      if (patch.status !== "waived") patch.waivedReason = null;
    }
    await tx.update(actionItems).set(patch).where(eq(actionItems.id, itemId));
    await saveCaseChange(tx, ctx, row, {
      action: "case.action_item_updated",
      patch: {},
      changes: { actionItemId: { new: itemId }, ...changes },
    });
    return toActionItemView((await listActionItems(tx, row.id)).find((i) => i.item.id === itemId)!);
  });
}

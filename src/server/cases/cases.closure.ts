import type { Ctx } from "../context.js";
import type { Db } from "../db/client.js";
import { notFound } from "../errors.js";
import { toActionItemView } from "../investigation/action-items.view.js";
import { countOpenActionItems, listActionItems } from "../investigation/investigation.queries.js";
import { assertCanSeeCase } from "./cases.policy.js";
import { type CaseRow, findCaseByReference, userNames } from "./cases.queries.js";

/**
 * R8 / S0 §4.5 / SOP 002 §4.1: a case closes only when the resolution is recorded, every action item is
 * done or waived, a manager has verified the resolution, and the customer's acknowledgment is recorded —
 * or a reason why it does not apply. (Once outgoing mail exists, "communicated" joins this list.)
 */
export function closureBlockers(row: CaseRow, openActionItems: number): string[] {
  const blockers: string[] = [];
  if (row.status !== "resolved") blockers.push(`the case is ${row.status.replace("_", " ")}, not resolved`);
  if (!row.outcome || !row.resolutionNotes)
    blockers.push("the resolution (outcome and text) is not recorded");
  if (openActionItems > 0) blockers.push(`${openActionItems} action item(s) are neither done nor waived`);
  if (!row.verifiedAt) blockers.push("a manager has not verified the resolution (verify)");
  if (!row.confirmation) {
    blockers.push(
      "the customer's acknowledgment is not recorded (customer-confirmation, or a notApplicableReason)",
    );
  }
  return blockers;
}

export async function closureBlockersOf(db: Db, row: CaseRow): Promise<string[]> {
  return closureBlockers(row, await countOpenActionItems(db, row.id));
}

/** What still blocks closing, and for a closed case its closure record (the closure form of SOP 002). */
export async function getClosure(ctx: Ctx, reference: string) {
  const found = await findCaseByReference(ctx.db, reference);
  if (!found) throw notFound(`case ${reference}`, "check the reference, e.g. CMP-2026-000042");
  assertCanSeeCase(ctx.actor, found.case);
  const c = found.case;
  const items = await listActionItems(ctx.db, c.id);
  const blockers = closureBlockers(c, items.filter((i) => i.item.status === "open").length);
  if (!c.closedAt) return { canClose: blockers.length === 0, blockers, record: null };
  const ids = [c.ownerId, c.resolvedById, c.verifiedById, c.closedById].filter((id): id is string =>
    Boolean(id),
  );
  const names = await userNames(ctx.db, ids);
  const person = (id: string | null) => (id ? { id, name: names.get(id) ?? "" } : null);
  return {
    canClose: false,
    blockers: [],
    record: {
      closedAt: c.closedAt.toISOString(),
      outcome: c.outcome,
      resolution: c.resolutionNotes,
      remedy: c.remedyCurrency ? { amountMinor: c.remedyAmountMinor ?? 0, currency: c.remedyCurrency } : null,
      actions: items.map(toActionItemView),
      customerConfirmation: c.confirmation,
      responsible: {
        owner: person(c.ownerId),
        resolvedBy: person(c.resolvedById),
        verifiedBy: person(c.verifiedById),
        closedBy: person(c.closedById),
      },
    },
  };
}

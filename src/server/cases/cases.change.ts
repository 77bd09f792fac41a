import { appendAudit, type Change } from "../audit/audit.service.js";
import type { Ctx } from "../context.js";
import type { Db } from "../db/client.js";
import { CASE_PERSONAL_FIELDS } from "../db/schema/index.js";
import { AppError, notFound } from "../errors.js";
import { scheduleOf } from "../sla/sla.schedule.js";
import { assertCanActOnCase, assertCanSeeCase, type CaseAccess } from "./cases.policy.js";
import { type CaseRow, lockCaseByReference, type NewCase, updateCase } from "./cases.queries.js";

/**
 * The start of every change to a case: lock it, then 404 (unknown, or archived and not yours to see),
 * 403 (role or ownership), 412 (a stale `If-Match` version) — in that order.
 */
export async function openCaseForChange(
  tx: Db,
  ctx: Ctx,
  input: { reference: string; access: CaseAccess; what: string; expectedVersion?: number | undefined },
): Promise<CaseRow> {
  const row = await lockCaseByReference(tx, input.reference);
  if (!row) throw notFound(`case ${input.reference}`, "check the reference, e.g. CMP-2026-000042");
  assertCanSeeCase(ctx.actor, row);
  assertCanActOnCase(ctx.actor, input.access, row, input.what);
  if (row.status === "archived") {
    throw new AppError("archived", 409, `case ${row.reference} is archived: its record is read-only`, {
      currentStatus: row.status,
    });
  }
  if (input.expectedVersion !== undefined && input.expectedVersion !== row.version) {
    throw new AppError(
      "version_conflict",
      412,
      `case ${row.reference} has changed since you read it (you have version ${input.expectedVersion}, it is now ${row.version}); reload it and try again`,
      { currentVersion: row.version },
    );
  }
  return row;
}

export interface CaseChange {
  action: string;
  patch: Partial<NewCase>;
  changes: Record<string, Change>;
  reason?: string | null | undefined;
  personal?: readonly string[];
}

/**
 * Saves a change with its audit event (one transaction, Part 11): bumps the version, recomputes when
 * the next deadline and escalation fall due, and resets the breach alert when the next deadline moved.
 */
export async function saveCaseChange(tx: Db, ctx: Ctx, row: CaseRow, change: CaseChange): Promise<CaseRow> {
  const now = ctx.clock.now();
  const merged = { ...row, ...change.patch } as CaseRow;
  const { policy, calendar } = await ctx.settings.ofCase(tx, merged);
  const schedule = scheduleOf(merged, policy, calendar);
  const moved =
    schedule.nextDueAt?.getTime() !== row.nextDueAt?.getTime() || schedule.nextDueStep !== row.nextDueStep;
  const patch: Partial<NewCase> = {
    ...change.patch,
    ...schedule,
    ...(moved ? { nextDueAlertedAt: null } : {}),
    version: row.version + 1,
    updatedAt: now,
  };
  await updateCase(tx, row.id, patch);
  const changes = { ...change.changes };
  if (merged.status !== row.status) changes.status = { old: row.status, new: merged.status };
  await appendAudit(tx, ctx.actor, now, {
    stream: `case:${row.id}`,
    caseId: row.id,
    action: change.action,
    changes,
    personal: [...CASE_PERSONAL_FIELDS, ...(change.personal ?? [])],
    reason: change.reason ?? null,
    customerId: row.customerId,
  });
  return { ...merged, ...patch } as CaseRow;
}

/** The ETag of a versioned record (a case, a CAPA): its version, which `If-Match` sends back (parseIfMatch). */
export const versionEtag = (answer: { version: unknown }) => ({ etag: `"${String(answer.version)}"` });

/** `If-Match: "3"`, `W/"3"` or `3` → 3; absent → undefined; anything else is a 400. */
export function parseIfMatch(header: string | string[] | undefined): number | undefined {
  if (header === undefined) return undefined;
  const value = Array.isArray(header) ? header[0] : header;
  const match = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(value ?? "");
  if (!match) {
    throw new AppError("bad_if_match", 400, 'If-Match must be the case version from its ETag, e.g. "3"');
  }
  return Number(match[1]);
}

import { readStream } from "../audit/audit.service.js";
import type { Ctx } from "../context.js";
import { notFound } from "../errors.js";
import { assertCanSeeCase } from "./cases.policy.js";
import { findCaseByReference, userNames } from "./cases.queries.js";

/** R2: a case's audit events, oldest first, with old and new values and the acting user's name. */
export async function caseHistory(ctx: Ctx, reference: string, limit: number, after: number | undefined) {
  const found = await findCaseByReference(ctx.db, reference);
  if (!found) throw notFound(`case ${reference}`, "check the reference, e.g. CMP-2026-000042");
  assertCanSeeCase(ctx.actor, found.case);
  const events = await readStream(ctx.db, `case:${found.case.id}`, {
    afterSeq: after ?? 0,
    limit: limit + 1,
  });
  const page = events.slice(0, limit);
  const names = await userNames(ctx.db, [...new Set(page.map((e) => e.actorId).filter((id) => id !== null))]);
  return {
    items: page.map((event) => ({
      id: event.id,
      seq: event.seq,
      at: event.at.toISOString(),
      action: event.action,
      actor: {
        kind: event.actorKind,
        id: event.actorId,
        name: event.actorId ? (names.get(event.actorId) ?? null) : null,
      },
      source: event.source,
      changes: event.changes,
      reason: event.reason,
    })),
    nextCursor: events.length > limit ? String(page.at(-1)!.seq) : null,
  };
}

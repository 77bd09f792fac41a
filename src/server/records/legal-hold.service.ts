import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { v7 as uuidv7 } from "uuid";
import { appendAudit } from "../audit/audit.service.js";
import { assertCanSeeCase } from "../cases/cases.policy.js";
import { type CaseRow, lockCaseByReference } from "../cases/cases.queries.js";
import type { Ctx } from "../context.js";
import type { Db } from "../db/client.js";
import { cases, legalHolds, users } from "../db/schema/index.js";
import { transact } from "../db/transact.js";
import { AppError, notFound } from "../errors.js";
import { decodeRegisterCursor, pageOf } from "./records.cursor.js";
import { beginRecordOperation } from "./records.guard.js";

type HoldRow = typeof legalHolds.$inferSelect;

async function lockVisibleCase(tx: Db, ctx: Ctx, reference: string): Promise<CaseRow> {
  const row = await lockCaseByReference(tx, reference);
  if (!row) throw notFound(`case ${reference}`, "check the reference, e.g. CMP-2026-000042");
  assertCanSeeCase(ctx.actor, row);
  return row;
}

export async function activeHold(db: Db, caseId: string): Promise<HoldRow | undefined> {
  const [hold] = await db
    .select()
    .from(legalHolds)
    .where(and(eq(legalHolds.caseId, caseId), isNull(legalHolds.releasedAt)));
  return hold;
}

/** R10 / GDPR Art 17(3)(e): a legal hold, with its reason, stops disposal and erasure of the case. */
export async function placeLegalHold(ctx: Ctx, reference: string, reason: string) {
  return transact(ctx, async (tx) => {
    const row = await lockVisibleCase(tx, ctx, reference);
    const held = await activeHold(tx, row.id);
    if (held) {
      throw new AppError(
        "already_on_hold",
        409,
        `${row.reference} is already under legal hold since ${held.placedAt.toISOString()}; release it first to place another`,
      );
    }
    if (row.disposedAt) {
      throw new AppError("disposed", 409, `${row.reference} was disposed of; there is nothing left to hold`);
    }
    const now = ctx.clock.now();
    await beginRecordOperation(tx, "legal-hold");
    const hold: HoldRow = {
      id: uuidv7(),
      caseId: row.id,
      reason,
      placedAt: now,
      placedById: ctx.actor.userId,
      releasedAt: null,
      releasedById: null,
      releaseReason: null,
    };
    await tx.insert(legalHolds).values(hold);
    await tx.update(cases).set({ legalHoldAt: now }).where(eq(cases.id, row.id));
    await appendAudit(tx, ctx.actor, now, {
      stream: `case:${row.id}`,
      caseId: row.id,
      action: "case.legal_hold_placed",
      changes: { legalHold: { old: null, new: hold.id } },
      reason,
      customerId: row.customerId,
    });
    return viewHold(hold, row.reference, await names(tx, [hold.placedById]));
  });
}

/** Releasing a hold lets disposal and erasure go ahead again (the hold stays in the list as released). */
export async function releaseLegalHold(ctx: Ctx, reference: string, reason: string | null) {
  return transact(ctx, async (tx) => {
    const row = await lockVisibleCase(tx, ctx, reference);
    const held = await activeHold(tx, row.id);
    if (!held) {
      throw new AppError(
        "not_on_hold",
        409,
        `${row.reference} is not under legal hold; there is nothing to release`,
      );
    }
    const now = ctx.clock.now();
    await beginRecordOperation(tx, "legal-hold");
    const released = { ...held, releasedAt: now, releasedById: ctx.actor.userId, releaseReason: reason };
    await tx
      .update(legalHolds)
      .set({ releasedAt: now, releasedById: ctx.actor.userId, releaseReason: reason })
      .where(eq(legalHolds.id, held.id));
    await tx.update(cases).set({ legalHoldAt: null }).where(eq(cases.id, row.id));
    await appendAudit(tx, ctx.actor, now, {
      stream: `case:${row.id}`,
      caseId: row.id,
      action: "case.legal_hold_released",
      changes: { legalHold: { old: held.id, new: null } },
      reason,
      customerId: row.customerId,
    });
    return viewHold(released, row.reference, await names(tx, [held.placedById, ctx.actor.userId]));
  });
}

async function names(db: Db, ids: (string | null)[]): Promise<Map<string, string>> {
  const wanted = ids.filter((id): id is string => Boolean(id));
  if (wanted.length === 0) return new Map();
  const rows = await db
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(sql`${users.id} IN ${wanted}`);
  return new Map(rows.map((r) => [r.id, r.name]));
}

function viewHold(h: HoldRow, reference: string, people: Map<string, string>) {
  const person = (id: string | null) => (id ? { id, name: people.get(id) ?? "" } : null);
  return {
    id: h.id,
    caseId: h.caseId,
    reference,
    reason: h.reason,
    placedAt: h.placedAt.toISOString(),
    placedBy: person(h.placedById),
    releasedAt: h.releasedAt?.toISOString() ?? null,
    releasedBy: person(h.releasedById),
    releaseReason: h.releaseReason,
  };
}

const placer = alias(users, "placer");
const releaser = alias(users, "releaser");

/** R10: the legal holds in force (or all of them), newest first. */
export async function listLegalHolds(
  ctx: Ctx,
  query: { state: "active" | "all"; limit: number; cursor?: string | null | undefined },
) {
  const after = decodeRegisterCursor(query.cursor);
  const rows = await ctx.db
    .select({ hold: legalHolds, reference: cases.reference, placer: placer.name, releaser: releaser.name })
    .from(legalHolds)
    .innerJoin(cases, eq(cases.id, legalHolds.caseId))
    .leftJoin(placer, eq(placer.id, legalHolds.placedById))
    .leftJoin(releaser, eq(releaser.id, legalHolds.releasedById))
    .where(
      and(
        query.state === "active" ? isNull(legalHolds.releasedAt) : undefined,
        after
          ? sql`(${legalHolds.placedAt}, ${legalHolds.id}) < (${after.at}::timestamptz, ${after.id}::uuid)`
          : undefined,
      ),
    )
    .orderBy(desc(legalHolds.placedAt), desc(legalHolds.id))
    .limit(query.limit + 1);
  const page = pageOf(rows, query.limit, (r) => ({ at: r.hold.placedAt, id: r.hold.id }));
  return {
    nextCursor: page.nextCursor,
    items: page.items.map((r) => {
      const people = new Map<string, string>();
      if (r.hold.placedById) people.set(r.hold.placedById, r.placer ?? "");
      if (r.hold.releasedById) people.set(r.hold.releasedById, r.releaser ?? "");
      return viewHold(r.hold, r.reference, people);
    }),
  };
}

import { and, asc, desc, eq, gte, inArray, isNull, lte, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { v7 as uuidv7 } from "uuid";
import type { DisposalApproval, RegisterQuery } from "../../shared/records.schema.js";
import { appendAudit, appendAuditEvents } from "../audit/audit.service.js";
import type { Ctx } from "../context.js";
import { type Db, queryRows } from "../db/client.js";
import { cases, disposalQueue, disposalRegister, users } from "../db/schema/index.js";
import { transact } from "../db/transact.js";
import { AppError } from "../errors.js";
import { notifyRole } from "../notifications/notifications.service.js";
import { decodeRegisterCursor, pageOf } from "./records.cursor.js";
import { beginRecordOperation } from "./records.guard.js";
import { eraseCustomerRecord, redactCaseFiles } from "./records.redact.js";
import { describeRule, isPastRetention, retainUntil, ruleFor } from "./retention.js";

/**
 * R10: lists archived cases past retention in the disposal queue and tells records management. The
 * queue's primary key makes each listing exactly-once across instances (ON CONFLICT DO NOTHING), so only
 * the instance that listed a case tells anyone about it.
 */
export async function listCasesPastRetention(ctx: Ctx): Promise<{ listed: number }> {
  const now = ctx.clock.now();
  const { policy } = await ctx.settings.current(ctx.db);
  let listed = 0;
  await transact(ctx, async (tx) => {
    for (const type of ["complaint", "incident"] as const) {
      const rule = ruleFor(policy.body.retention, type);
      const months = Math.round(rule.years * 12);
      const base = rule.from === "closed" ? sql`closed_at` : sql`received_at`;
      const rows = await queryRows<{ case_id: string }>(
        tx,
        sql`INSERT INTO disposal_queue (case_id, listed_at, retain_until, rule, policy_version)
            SELECT id, ${now}, ${base} + make_interval(months => ${months}::int), ${describeRule(type, rule)},
                   ${policy.version}::int
            FROM cases
            WHERE type = ${type} AND status = 'archived' AND disposed_at IS NULL AND closed_at IS NOT NULL
              AND ${base} + make_interval(months => ${months}::int) <= ${now}
            ON CONFLICT (case_id) DO NOTHING
            RETURNING case_id`,
      );
      listed += rows.length;
    }
    if (listed > 0) {
      await notifyRole(
        tx,
        "records",
        {
          caseId: null,
          kind: "disposal.due",
          message: `${listed} archived case${listed === 1 ? " is" : "s are"} past retention and wait in the disposal queue`,
        },
        now,
      );
    }
  });
  return { listed };
}

export async function listDisposalQueue(ctx: Ctx, query: RegisterQuery) {
  const after = decodeRegisterCursor(query.cursor);
  const rows = await ctx.db
    .select({
      queued: disposalQueue,
      reference: cases.reference,
      type: cases.type,
      closedAt: cases.closedAt,
      hold: cases.legalHoldAt,
    })
    .from(disposalQueue)
    .innerJoin(cases, eq(cases.id, disposalQueue.caseId))
    .where(
      and(
        isNull(disposalQueue.disposedAt),
        after
          ? sql`(${disposalQueue.listedAt}, ${disposalQueue.caseId}) > (${after.at}::timestamptz, ${after.id}::uuid)`
          : undefined,
      ),
    )
    .orderBy(asc(disposalQueue.listedAt), asc(disposalQueue.caseId))
    .limit(query.limit + 1);
  const page = pageOf(rows, query.limit, (r) => ({ at: r.queued.listedAt, id: r.queued.caseId }));
  return {
    nextCursor: page.nextCursor,
    items: page.items.map((r) => ({
      caseId: r.queued.caseId,
      reference: r.reference,
      type: r.type,
      closedAt: r.closedAt?.toISOString() ?? null,
      retainUntil: r.queued.retainUntil.toISOString(),
      rule: r.queued.rule,
      listedAt: r.queued.listedAt.toISOString(),
      legalHold: r.hold !== null,
    })),
  };
}

type RegisterRow = typeof disposalRegister.$inferSelect;

/**
 * R10: disposes of an approved batch — all of it or none. Refused (409, each case named, nothing changed)
 * when a case is unknown, not queued, already disposed, under legal hold, or no longer past retention under
 * the current policy. Locked case by case in id order, so two approvals of one case never both happen.
 */
export async function approveDisposal(ctx: Ctx, input: DisposalApproval) {
  const references = [...new Set(input.references.map((r) => r.toUpperCase()))];
  return transact(ctx, async (tx) => {
    const now = ctx.clock.now();
    const { policy } = await ctx.settings.current(tx, now.getTime());
    const rows = await tx
      .select({ c: cases, queued: disposalQueue })
      .from(cases)
      .leftJoin(disposalQueue, eq(disposalQueue.caseId, cases.id))
      .where(inArray(cases.reference, references))
      .orderBy(asc(cases.id))
      .for("update", { of: cases });
    const problems = references.flatMap((reference) => {
      const row = rows.find((r) => r.c.reference === reference);
      if (!row) return [`${reference}: no such case`];
      const { c, queued } = row;
      if (c.disposedAt) return [`${reference}: already disposed of on ${c.disposedAt.toISOString()}`];
      if (!queued)
        return [`${reference}: not in the disposal queue (it lists archived cases past retention)`];
      if (c.legalHoldAt)
        return [
          `${reference}: under legal hold since ${c.legalHoldAt.toISOString()}; release the hold first`,
        ];
      if (!isPastRetention(ruleFor(policy.body.retention, c.type), c, now)) {
        return [
          `${reference}: no longer past retention under the current policy (${describeRule(c.type, ruleFor(policy.body.retention, c.type))})`,
        ];
      }
      return [];
    });
    if (problems.length) {
      throw new AppError("disposal_refused", 409, `nothing was disposed of: ${problems.join("; ")}`, {
        problems,
      });
    }
    await beginRecordOperation(tx, "disposal");
    const caseIds = rows.map((r) => r.c.id);
    const removed = await redactCaseFiles(tx, caseIds, "[disposed]", now, { disposed: true });
    const batchId = uuidv7();
    const entries: RegisterRow[] = rows.map(({ c }) => {
      const rule = ruleFor(policy.body.retention, c.type);
      return {
        id: uuidv7(),
        batchId,
        caseId: c.id,
        reference: c.reference,
        caseType: c.type,
        closedAt: c.closedAt,
        retainUntil: retainUntil(rule, c)!,
        rule: describeRule(c.type, rule),
        policyVersion: policy.version,
        reason: input.reason,
        disposedAt: now,
        disposedById: ctx.actor.userId,
        removed: removed.get(c.id) ?? {},
      };
    });
    await tx.insert(disposalRegister).values(entries);
    await tx.update(disposalQueue).set({ disposedAt: now }).where(inArray(disposalQueue.caseId, caseIds));
    await appendAuditEvents(
      tx,
      ctx.actor,
      now,
      entries.map((e) => ({
        stream: `case:${e.caseId}`,
        caseId: e.caseId,
        action: "case.disposed",
        changes: { disposal: { new: { batchId, rule: e.rule, removed: e.removed } } },
      })),
    );
    await eraseCustomersLeftWithoutCases(
      tx,
      ctx,
      rows.map((r) => r.c.customerId),
      now,
    );
    const names = await byName(tx, ctx.actor.userId);
    return { batchId, disposed: entries.map((e) => viewEntry(e, names)) };
  });
}

/** A customer whose every case is now a skeleton is erased too: nothing left needs their name or contact. */
async function eraseCustomersLeftWithoutCases(tx: Db, ctx: Ctx, ids: (string | null)[], now: Date) {
  const candidates = [...new Set(ids.filter((id): id is string => id !== null))];
  if (candidates.length === 0) return;
  const alone = await queryRows<{ id: string }>(
    tx,
    sql`SELECT cu.id FROM customers cu
        WHERE cu.id IN ${candidates} AND cu.erased_at IS NULL
          AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.customer_id = cu.id AND c.disposed_at IS NULL)`,
  );
  for (const { id } of alone) {
    const values = await eraseCustomerRecord(tx, id, now);
    await appendAudit(tx, ctx.actor, now, {
      stream: `customer:${id}`,
      action: "customer.erased",
      changes: {
        cause: { new: "every case of this customer was disposed of" },
        auditValues: { new: values },
      },
      customerId: id,
    });
  }
}

async function byName(db: Db, id: string | null): Promise<Map<string, string>> {
  if (!id) return new Map();
  const [user] = await db.select({ name: users.name }).from(users).where(eq(users.id, id));
  return new Map(user ? [[id, user.name]] : []);
}

function viewEntry(e: RegisterRow, names: Map<string, string>) {
  return {
    id: e.id,
    batchId: e.batchId,
    caseId: e.caseId,
    reference: e.reference,
    caseType: e.caseType,
    closedAt: e.closedAt?.toISOString() ?? null,
    retainUntil: e.retainUntil.toISOString(),
    rule: e.rule,
    policyVersion: e.policyVersion,
    reason: e.reason,
    disposedAt: e.disposedAt.toISOString(),
    disposedBy: e.disposedById ? { id: e.disposedById, name: names.get(e.disposedById) ?? "" } : null,
    removed: e.removed,
  };
}

const disposer = alias(users, "disposer");

/** R10: the disposal register, newest first. */
export async function listDisposalRegister(ctx: Ctx, query: RegisterQuery) {
  const after = decodeRegisterCursor(query.cursor);
  const rows = await ctx.db
    .select({ entry: disposalRegister, name: disposer.name })
    .from(disposalRegister)
    .leftJoin(disposer, eq(disposer.id, disposalRegister.disposedById))
    .where(
      and(
        query.from ? gte(disposalRegister.disposedAt, new Date(query.from)) : undefined,
        query.to ? lte(disposalRegister.disposedAt, new Date(query.to)) : undefined,
        after
          ? sql`(${disposalRegister.disposedAt}, ${disposalRegister.id}) < (${after.at}::timestamptz, ${after.id}::uuid)`
          : undefined,
      ),
    )
    .orderBy(desc(disposalRegister.disposedAt), desc(disposalRegister.id))
    .limit(query.limit + 1);
  const page = pageOf(rows, query.limit, (r) => ({ at: r.entry.disposedAt, id: r.entry.id }));
  return {
    nextCursor: page.nextCursor,
    items: page.items.map(({ entry, name }) =>
      viewEntry(entry, new Map(entry.disposedById ? [[entry.disposedById, name ?? ""]] : [])),
    ),
  };
}

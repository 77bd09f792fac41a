import { and, eq, sql } from "drizzle-orm";
import type { Ctx, IdempotencyClaim } from "../context.js";
import { AppError } from "../errors.js";
import type { Db } from "./client.js";
import { idempotencyKeys } from "./schema/index.js";

/** Thrown inside a transaction when another request already holds the same Idempotency-Key. */
export class IdempotentReplay extends Error {
  constructor(readonly claim: IdempotencyClaim) {
    super("idempotent replay");
  }
}

/**
 * Every write runs here: one transaction for the change, its audit events and, when the request
 * carries an Idempotency-Key, the key and the answer — so a retry gets the first answer, never a twin.
 */
export async function transact<T>(ctx: Ctx, fn: (tx: Db) => Promise<T>): Promise<T> {
  const claim = ctx.idempotency;
  return ctx.db.transaction(async (tx) => {
    if (claim) await claimKey(tx, claim, ctx.clock.now());
    const result = await fn(tx);
    if (claim) {
      await tx
        .update(idempotencyKeys)
        .set({ statusCode: claim.statusCode, response: result as unknown })
        .where(and(eq(idempotencyKeys.principal, claim.principal), eq(idempotencyKeys.key, claim.key)));
    }
    return result;
  });
}

async function claimKey(tx: Db, claim: IdempotencyClaim, now: Date): Promise<void> {
  const inserted = await tx
    .insert(idempotencyKeys)
    .values({ principal: claim.principal, key: claim.key, requestHash: claim.requestHash, createdAt: now })
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key });
  if (inserted.length === 0) throw new IdempotentReplay(claim);
}

export interface StoredAnswer {
  requestHash: string;
  statusCode: number | null;
  response: unknown;
}

export async function findStoredAnswer(
  db: Db,
  principal: string,
  key: string,
): Promise<StoredAnswer | undefined> {
  const [row] = await db
    .select({
      requestHash: idempotencyKeys.requestHash,
      statusCode: idempotencyKeys.statusCode,
      response: idempotencyKeys.response,
    })
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.principal, principal), eq(idempotencyKeys.key, key)));
  return row;
}

/** Keys are kept for a day: long enough for any client's retries. */
export async function deleteExpiredIdempotencyKeys(db: Db, now: Date): Promise<number> {
  const cutoff = new Date(now.getTime() - 24 * 3600_000);
  const rows = await db
    .delete(idempotencyKeys)
    .where(sql`${idempotencyKeys.createdAt} < ${cutoff}`)
    .returning({ key: idempotencyKeys.key });
  return rows.length;
}

/**
 * Erasure (R11): stored answers that name the person (by their customer id, or a case's id or reference)
 * are forgotten too; otherwise a case view with their name and email would outlive the erasure by a day.
 */
export async function forgetStoredAnswersAbout(db: Db, needles: string[]): Promise<void> {
  if (needles.length === 0) return;
  const patterns = needles.map((needle) => sql`${`%${needle}%`}`);
  await db
    .delete(idempotencyKeys)
    .where(sql`${idempotencyKeys.response}::text LIKE ANY (ARRAY[${sql.join(patterns, sql`, `)}]::text[])`);
}

export function replayConflict(): AppError {
  return new AppError(
    "idempotency_key_reused",
    422,
    "this Idempotency-Key was already used with a different request; use a new key for a new request",
  );
}

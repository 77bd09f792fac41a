import { and, desc, eq, getTableColumns, gte, isNull, lte, notExists, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { v7 as uuidv7 } from "uuid";
import type { RegisterQuery } from "../../shared/records.schema.js";
import { applyCaseAction } from "../cases/cases.actions.js";
import { assertCanSeeCase } from "../cases/cases.policy.js";
import { type CaseRow, findCaseByReference } from "../cases/cases.queries.js";
import type { Ctx } from "../context.js";
import type { Db } from "../db/client.js";
import { archiveRegister, attachmentBlobs, cases, sampleItems, users } from "../db/schema/index.js";
import { transact } from "../db/transact.js";
import { AppError, notFound } from "../errors.js";
import { buildCaseBundle } from "./archive.bundle.js";
import { readCaseFile } from "./case-file.queries.js";
import { decodeRegisterCursor, pageOf } from "./records.cursor.js";

/**
 * R10: after the archive step has made the case read-only (in the same transaction), bundle its file,
 * keep the bundle's bytes by their SHA-256 and write the archive register: who, when, which case, which hash.
 */
export async function registerArchiving(
  tx: Db,
  ctx: Ctx,
  row: CaseRow,
  reason: string | null,
  now: Date,
  event: "archived" | "rebundled" = "archived",
): Promise<void> {
  const file = await readCaseFile(tx, row.id);
  if (!file) throw new Error(`case ${row.reference} vanished while being archived`);
  const bundle = buildCaseBundle(file, now);
  await tx
    .insert(attachmentBlobs)
    .values({
      sha256: bundle.sha256,
      sizeBytes: bundle.bytes.byteLength,
      content: bundle.bytes,
      createdAt: now,
    })
    .onConflictDoNothing();
  await tx.insert(archiveRegister).values({
    id: uuidv7(),
    caseId: row.id,
    reference: row.reference,
    event,
    at: now,
    byId: ctx.actor.userId,
    source: ctx.actor.source,
    reason,
    bundleSha256: bundle.sha256,
    bundleBytes: bundle.bytes.byteLength,
  });
}

const by = alias(users, "archived_by");
const { search: _search, ...caseColumns } = getTableColumns(cases);

/** R10: the archive register, newest first. */
export async function listArchiveRegister(ctx: Ctx, query: RegisterQuery) {
  const after = decodeRegisterCursor(query.cursor);
  const rows = await ctx.db
    .select({ entry: archiveRegister, byName: by.name })
    .from(archiveRegister)
    .leftJoin(by, eq(by.id, archiveRegister.byId))
    .where(
      and(
        query.from ? gte(archiveRegister.at, new Date(query.from)) : undefined,
        query.to ? lte(archiveRegister.at, new Date(query.to)) : undefined,
        after
          ? sql`(${archiveRegister.at}, ${archiveRegister.id}) < (${after.at}::timestamptz, ${after.id}::uuid)`
          : undefined,
      ),
    )
    .orderBy(desc(archiveRegister.at), desc(archiveRegister.id))
    .limit(query.limit + 1);
  const page = pageOf(rows, query.limit, (r) => ({ at: r.entry.at, id: r.entry.id }));
  return {
    nextCursor: page.nextCursor,
    items: page.items.map(({ entry: e, byName }) => ({
      id: e.id,
      caseId: e.caseId,
      reference: e.reference,
      event: e.event,
      at: e.at.toISOString(),
      by: e.byId ? { id: e.byId, name: byName ?? "" } : null,
      source: e.source,
      reason: e.reason,
      bundleSha256: e.bundleSha256,
      bundleBytes: e.bundleBytes,
      bundleDisposedAt: e.bundleDisposedAt?.toISOString() ?? null,
    })),
  };
}

/** The case-file bundle as registered (the newest, for a file re-bundled after an erasure). */
export async function openArchiveBundle(ctx: Ctx, reference: string) {
  const found = await findCaseByReference(ctx.db, reference);
  if (!found) throw notFound(`case ${reference}`, "check the reference, e.g. CMP-2026-000042");
  assertCanSeeCase(ctx.actor, found.case);
  const [entry] = await ctx.db
    .select()
    .from(archiveRegister)
    .where(eq(archiveRegister.caseId, found.case.id))
    .orderBy(desc(archiveRegister.at), desc(archiveRegister.id))
    .limit(1);
  if (!entry) {
    throw new AppError(
      "not_archived",
      409,
      `case ${found.case.reference} is not archived: it has no case-file bundle yet`,
    );
  }
  if (entry.bundleDisposedAt) {
    throw new AppError(
      "disposed",
      410,
      `the case file of ${entry.reference} was disposed of on ${entry.bundleDisposedAt.toISOString()}; the disposal register says under which rule`,
    );
  }
  const [blob] = await ctx.db
    .select({ content: attachmentBlobs.content })
    .from(attachmentBlobs)
    .where(eq(attachmentBlobs.sha256, entry.bundleSha256));
  if (!blob) throw new Error(`the bundle ${entry.bundleSha256} of ${entry.reference} is missing`);
  return { reference: entry.reference, sha256: entry.bundleSha256, content: blob.content };
}

/**
 * R10: archives closed cases once the policy's `autoArchiveDays` have passed since closure, except those
 * in a quality sample not yet checked (archived once checked). Claimed with FOR UPDATE SKIP LOCKED in
 * small batches (each builds bundles), so instances never archive a case twice.
 */
export async function runAutoArchive(ctx: Ctx, batch = 20): Promise<{ archived: number }> {
  const { policy } = await ctx.settings.current(ctx.db);
  const days = policy.body.retention.autoArchiveDays;
  if (days <= 0) return { archived: 0 };
  let archived = 0;
  for (;;) {
    const claimed = await transact(ctx, async (tx) => {
      const cutoff = new Date(ctx.clock.now().getTime() - days * 86_400_000);
      const rows = (await tx
        .select(caseColumns)
        .from(cases)
        .where(
          and(
            eq(cases.status, "closed"),
            lte(cases.closedAt, cutoff),
            isNull(cases.disposedAt),
            // R13: a case drawn for the quality check waits for it: the checker must be able to open it,
            // and archived cases are for records, auditors and admins only.
            notExists(
              tx
                .select({ one: sql`1` })
                .from(sampleItems)
                .where(and(eq(sampleItems.caseId, cases.id), isNull(sampleItems.reviewedAt))),
            ),
          ),
        )
        .orderBy(cases.closedAt)
        .limit(batch)
        .for("update", { skipLocked: true })) as CaseRow[];
      for (const row of rows) {
        await applyCaseAction(tx, ctx, row, "archive", {
          reason: `closed more than ${days} days ago (policy: archive automatically)`,
        });
      }
      archived += rows.length;
      return rows.length;
    });
    if (claimed < batch) return { archived };
  }
}

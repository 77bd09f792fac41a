import { Readable } from "node:stream";
import { stringify } from "csv-stringify";
import { and, desc, eq, gte, like, lt, lte, type SQL, sql } from "drizzle-orm";
import type { AuditTrailQuery } from "../../shared/audit.schema.js";
import { canSeeArchived } from "../cases/cases.policy.js";
import type { Actor, Ctx } from "../context.js";
import type { Db } from "../db/client.js";
import { auditEvents, auditPersonal, cases, users } from "../db/schema/index.js";
import { notFound } from "../errors.js";
import { appendAudit, revealPersonal } from "./audit.service.js";

export type TrailFilter = Omit<AuditTrailQuery, "limit" | "cursor">;

/** The filters as SQL; a case named by reference is looked up first (404 when there is none). */
async function whereOf(
  db: Db,
  actor: Actor,
  filter: TrailFilter,
  before?: number | null,
): Promise<SQL | undefined> {
  let caseId: string | undefined;
  const seesArchived = canSeeArchived(actor);
  if (filter.case) {
    const [found] = await db
      .select({ id: cases.id, status: cases.status })
      .from(cases)
      .where(eq(cases.reference, filter.case.toUpperCase()));
    if (!found || (found.status === "archived" && !seesArchived)) {
      throw notFound(`case ${filter.case}`, "check the reference, e.g. CMP-2026-000042");
    }
    caseId = found.id;
  }
  const action = filter.action ?? undefined;
  return and(
    filter.stream ? eq(auditEvents.stream, filter.stream) : undefined,
    caseId ? eq(auditEvents.caseId, caseId) : undefined,
    filter.actor ? eq(auditEvents.actorId, filter.actor) : undefined,
    action?.endsWith(".*")
      ? like(auditEvents.action, `${action.slice(0, -1)}%`)
      : action
        ? eq(auditEvents.action, action)
        : undefined,
    filter.from ? gte(auditEvents.at, new Date(filter.from)) : undefined,
    filter.to ? lte(auditEvents.at, new Date(filter.to)) : undefined,
    before ? lt(auditEvents.id, before) : undefined,
    // R10: archived cases' events only for those who may see archived cases (quality may not).
    seesArchived ? undefined : sql`${cases.status} IS DISTINCT FROM 'archived'`,
  );
}

async function page(db: Db, where: SQL | undefined, limit: number) {
  const rows = await db
    .select({
      event: auditEvents,
      values: auditPersonal.values,
      actorName: users.name,
      caseReference: cases.reference,
      caseStatus: cases.status,
    })
    .from(auditEvents)
    .leftJoin(auditPersonal, eq(auditPersonal.eventId, auditEvents.id))
    .leftJoin(users, eq(users.id, auditEvents.actorId))
    .leftJoin(cases, eq(cases.id, auditEvents.caseId))
    .where(where)
    .orderBy(desc(auditEvents.id))
    .limit(limit);
  return rows.map(({ event: e, values, actorName, caseReference, caseStatus }) => {
    const changes = revealPersonal(e.changes, values);
    const reason = changes.reason;
    delete changes.reason;
    return {
      id: e.id,
      stream: e.stream,
      seq: e.seq,
      at: e.at.toISOString(),
      action: e.action,
      actor: { kind: e.actorKind, id: e.actorId, name: actorName },
      source: e.source,
      caseReference,
      changes,
      reason: typeof reason === "string" ? reason : null,
      hash: e.hash,
      archivedCase: caseStatus === "archived" ? e.caseId : null,
    };
  });
}

/** R11: the archived cases whose personal values a page of the trail showed are logged as viewed. */
async function logArchivedViews(ctx: Ctx, caseIds: (string | null)[], view: string): Promise<void> {
  const now = ctx.clock.now();
  for (const caseId of new Set(caseIds.filter((id): id is string => id !== null))) {
    await appendAudit(ctx.db, ctx.actor, now, {
      stream: `case:${caseId}`,
      caseId,
      action: "case.viewed",
      changes: { view: { new: view } },
    });
  }
}

/** R2 / ISO 10002 8.5: the whole trail for auditors, filtered, newest first, personal values shown. */
export async function listAuditTrail(ctx: Ctx, query: AuditTrailQuery) {
  const rows = await page(ctx.db, await whereOf(ctx.db, ctx.actor, query, query.cursor), query.limit + 1);
  const shown = rows.slice(0, query.limit);
  await logArchivedViews(
    ctx,
    shown.map((e) => e.archivedCase),
    "/audit/events",
  );
  return {
    items: shown.map(({ archivedCase: _a, ...event }) => event),
    nextCursor: rows.length > query.limit ? String(shown.at(-1)!.id) : null,
  };
}

const COLUMNS = [
  "id",
  "at",
  "stream",
  "seq",
  "action",
  "actor kind",
  "actor id",
  "actor name",
  "source",
  "case",
  "changes",
  "reason",
  "hash",
];

/** The filtered trail as CSV, read a page at a time so memory stays flat. */
export async function exportAuditTrailCsv(ctx: Ctx, filter: TrailFilter): Promise<Readable> {
  await whereOf(ctx.db, ctx.actor, filter); // a bad filter is a 404 before the download starts
  const archived = new Set<string>();
  async function* rows() {
    let before: number | null = null;
    for (;;) {
      const batch = await page(ctx.db, await whereOf(ctx.db, ctx.actor, filter, before), 1000);
      for (const e of batch) {
        if (e.archivedCase) archived.add(e.archivedCase);
        yield [
          e.id,
          e.at,
          e.stream,
          e.seq,
          e.action,
          e.actor.kind,
          e.actor.id ?? "",
          e.actor.name ?? "",
          e.source,
          e.caseReference ?? "",
          JSON.stringify(e.changes),
          e.reason ?? "",
          e.hash,
        ];
      }
      if (batch.length < 1000) break;
      before = batch.at(-1)!.id;
    }
    // R11: an export that held archived cases' personal values is logged once, on the exporter's stream.
    if (archived.size && ctx.actor.userId) {
      await appendAudit(ctx.db, ctx.actor, ctx.clock.now(), {
        stream: `user:${ctx.actor.userId}`,
        action: "records.audit_exported",
        changes: { archivedCases: { new: archived.size }, filter: { new: filter } },
      });
    }
  }
  const csv = stringify({ header: true, columns: COLUMNS, bom: true });
  Readable.from(rows())
    .on("error", (e) => csv.destroy(e))
    .pipe(csv);
  return csv;
}

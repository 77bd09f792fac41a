import { and, inArray, sql } from "drizzle-orm";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { CaseView } from "../../shared/cases.schema.js";
import { appendAudit } from "../audit/audit.service.js";
import { canSeeArchived } from "../cases/cases.policy.js";
import { type CaseFilter, caseFilterSql } from "../cases/cases.queries.js";
import type { Ctx } from "../context.js";
import { queryRows } from "../db/client.js";
import { cases } from "../db/schema/index.js";
import { AppError } from "../errors.js";

/**
 * R11 / S0 §4.3: every view of personal data in an archived case is logged — who, when, what, and why
 * when given (header `X-Access-Reason`; required when the policy says so). As `case.viewed` events on
 * the case's own audit stream, so the case history shows who looked.
 */

export const ACCESS_REASON_HEADER = "x-access-reason";

function accessReason(request: FastifyRequest): string | null {
  const raw = request.headers[ACCESS_REASON_HEADER];
  const value = (Array.isArray(raw) ? raw[0] : raw)?.trim();
  return value ? value.slice(0, 500) : null;
}

const CASE_ROUTE = /^\/api\/v1\/cases\/:reference(\/|$)/;

/** preHandler: a GET of one archived case's data (the case, history, files, bundle…) is logged first. */
export async function logArchivedCaseView(request: FastifyRequest): Promise<void> {
  const route = request.routeOptions.url ?? "";
  if (request.method !== "GET" || !CASE_ROUTE.test(route)) return;
  const actor = request.actor;
  // Others get the same 404 as for an unknown case from the route itself.
  if (actor.kind !== "user" || !canSeeArchived(actor)) return;
  const reference = (request.params as { reference?: string }).reference?.toUpperCase();
  if (!reference) return;
  const { db, clock } = request.ctx;
  const [row] = await db
    .select({ id: cases.id, status: cases.status, customerId: cases.customerId })
    .from(cases)
    .where(sql`${cases.reference} = ${reference}`);
  if (row?.status !== "archived") return;
  const reason = accessReason(request);
  if (!reason) {
    const { policy } = await request.ctx.settings.current(db);
    if (policy.body.retention.viewReasonRequired) {
      throw new AppError(
        "access_reason_required",
        428,
        `${reference} is archived and the policy asks why its records are opened: send the header X-Access-Reason: <why>`,
      );
    }
  }
  await appendAudit(db, actor, clock.now(), {
    stream: `case:${row.id}`,
    caseId: row.id,
    action: "case.viewed",
    changes: { view: { new: route.replace("/api/v1", "") } },
    reason,
    customerId: row.customerId,
  });
}

/** preSerialization: archived cases shown in a list (`GET /cases`) are logged too, one event each. */
export async function logArchivedListView(
  request: FastifyRequest,
  _reply: FastifyReply,
  payload: unknown,
): Promise<unknown> {
  if (request.method !== "GET" || request.routeOptions.url !== "/api/v1/cases") return payload;
  const items = (payload as { items?: CaseView[] } | null)?.items ?? [];
  const archived = items.filter((c) => c.status === "archived");
  if (archived.length === 0) return payload;
  const { db, clock, actor } = request.ctx;
  const reason = accessReason(request);
  const rows = await db
    .select({ id: cases.id, customerId: cases.customerId })
    .from(cases)
    .where(
      inArray(
        cases.id,
        archived.map((c) => c.id),
      ),
    );
  const now = clock.now();
  for (const row of rows) {
    await appendAudit(db, actor, now, {
      stream: `case:${row.id}`,
      caseId: row.id,
      action: "case.viewed",
      changes: { view: { new: "/cases (list)" } },
      reason,
      customerId: row.customerId,
    });
  }
  return payload;
}

/**
 * The complaint log export (`GET /cases/export`) can hold thousands of archived cases: it is logged once,
 * on the exporting user's own stream, with the filter and how many archived cases it included.
 */
export async function logArchivedLogExport(
  ctx: Ctx,
  request: FastifyRequest,
  filter: CaseFilter,
): Promise<void> {
  if (ctx.actor.kind !== "user" || !canSeeArchived(ctx.actor)) return;
  const where = and(caseFilterSql(filter), sql`${cases.status} = 'archived'`);
  const [row] = await queryRows<{ n: number }>(
    ctx.db,
    sql`SELECT count(*)::int AS n FROM cases WHERE ${where}`,
  );
  if (!row?.n) return;
  const { after: _after, due: _due, ...shown } = filter;
  await appendAudit(ctx.db, ctx.actor, ctx.clock.now(), {
    stream: `user:${ctx.actor.userId}`,
    action: "records.log_exported",
    changes: { archivedCases: { new: row.n }, filter: { new: shown } },
    reason: accessReason(request),
  });
}

import { and, desc, eq, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { DateTime } from "luxon";
import { v7 as uuidv7 } from "uuid";
import type { DataRequestInput } from "../../shared/privacy.schema.js";
import { appendAudit } from "../audit/audit.service.js";
import type { Ctx } from "../context.js";
import type { Db } from "../db/client.js";
import {
  customers,
  type DataRequestKind,
  type DataRequestStatus,
  dataRequests,
  users,
} from "../db/schema/index.js";
import { transact } from "../db/transact.js";
import { AppError, notFound } from "../errors.js";
import { decodeRegisterCursor, pageOf } from "../records/records.cursor.js";

type RequestRow = typeof dataRequests.$inferSelect;

/** GDPR Art 12(3): answer within one month of receipt (extendable by two, with reasons, in month one). */
export function dueDateOf(receivedAt: Date): Date {
  return DateTime.fromJSDate(receivedAt, { zone: "utc" }).plus({ months: 1 }).toJSDate();
}

export async function assertCustomerExists(db: Db, customerId: string, lock = false) {
  const query = db.select().from(customers).where(eq(customers.id, customerId));
  const [row] = lock ? await query.for("update") : await query;
  if (!row) {
    throw notFound(
      `customer ${customerId}`,
      "find the customer's id with GET /api/v1/customers?email=… or on one of their cases",
    );
  }
  return row;
}

async function insertRequest(
  tx: Db,
  ctx: Ctx,
  values: { kind: DataRequestKind; customerId: string; receivedAt: Date; note: string | null },
): Promise<RequestRow> {
  const now = ctx.clock.now();
  const row: RequestRow = {
    id: uuidv7(),
    ...values,
    dueAt: dueDateOf(values.receivedAt),
    status: "open",
    outcome: null,
    decidedAt: null,
    decidedById: null,
    createdAt: now,
    createdById: ctx.actor.userId,
  };
  await tx.insert(dataRequests).values(row);
  await appendAudit(tx, ctx.actor, now, {
    stream: `customer:${values.customerId}`,
    action: "customer.data_request_received",
    changes: {
      request: { new: { id: row.id, kind: row.kind, receivedAt: row.receivedAt, dueAt: row.dueAt } },
    },
    reason: values.note,
    customerId: values.customerId,
  });
  return row;
}

/** R11: a request logged when it arrives, so its one-month clock shows in the register from day one. */
export async function createDataRequest(ctx: Ctx, input: DataRequestInput) {
  const now = ctx.clock.now();
  const receivedAt = input.receivedAt ? new Date(input.receivedAt) : now;
  if (receivedAt.getTime() > now.getTime() + 5 * 60_000) {
    throw new AppError(
      "validation_failed",
      400,
      "receivedAt: is in the future; give when the request arrived",
      {
        errors: [{ field: "receivedAt", message: "is in the future; give when the request arrived" }],
      },
    );
  }
  return transact(ctx, async (tx) => {
    await assertCustomerExists(tx, input.customerId);
    const row = await insertRequest(tx, ctx, {
      kind: input.kind,
      customerId: input.customerId,
      receivedAt,
      note: input.note ?? null,
    });
    return viewRequest(row, now, new Map());
  });
}

/** The open request an answer belongs to — the one named, or a new one received now. */
export async function requestToAnswer(
  tx: Db,
  ctx: Ctx,
  kind: DataRequestKind,
  customerId: string,
  requestId: string | null | undefined,
  note: string | null = null,
): Promise<RequestRow> {
  if (!requestId) return insertRequest(tx, ctx, { kind, customerId, receivedAt: ctx.clock.now(), note });
  const [row] = await tx.select().from(dataRequests).where(eq(dataRequests.id, requestId)).for("update");
  if (!row) throw notFound(`data request ${requestId}`, "list them with GET /api/v1/privacy/requests");
  if (row.customerId !== customerId || row.kind !== kind) {
    throw new AppError(
      "request_mismatch",
      409,
      `data request ${requestId} is a ${row.kind} request of another customer or kind; name the request this answers`,
    );
  }
  if (row.status !== "open") {
    throw new AppError(
      "request_closed",
      409,
      `data request ${requestId} was already ${row.status} on ${row.decidedAt?.toISOString()}`,
    );
  }
  return row;
}

/** Records how a request was answered (done or refused, with what was done or the ground). */
export async function decideRequest(
  tx: Db,
  ctx: Ctx,
  row: RequestRow,
  status: Exclude<DataRequestStatus, "open">,
  outcome: string,
): Promise<RequestRow> {
  const now = ctx.clock.now();
  const decided = { ...row, status, outcome, decidedAt: now, decidedById: ctx.actor.userId };
  await tx
    .update(dataRequests)
    .set({ status, outcome, decidedAt: now, decidedById: ctx.actor.userId })
    .where(eq(dataRequests.id, row.id));
  await appendAudit(tx, ctx.actor, now, {
    stream: `customer:${row.customerId}`,
    action: `customer.data_request_${status}`,
    changes: { request: { new: { id: row.id, kind: row.kind, status, outcome } } },
    customerId: row.customerId,
  });
  return decided;
}

export function viewRequest(r: RequestRow, now: Date, names: Map<string, string>) {
  return {
    id: r.id,
    kind: r.kind,
    customerId: r.customerId,
    receivedAt: r.receivedAt.toISOString(),
    dueAt: r.dueAt.toISOString(),
    status: r.status,
    overdue: r.status === "open" && r.dueAt.getTime() < now.getTime(),
    note: r.note,
    outcome: r.outcome,
    decidedAt: r.decidedAt?.toISOString() ?? null,
    decidedBy: r.decidedById ? { id: r.decidedById, name: names.get(r.decidedById) ?? "" } : null,
  };
}

const decider = alias(users, "decider");

/** R11: the register of data requests, newest first; `overdue` marks open ones past their month. */
export async function listDataRequests(
  ctx: Ctx,
  query: { status?: DataRequestStatus | null | undefined; limit: number; cursor?: string | null | undefined },
) {
  const after = decodeRegisterCursor(query.cursor);
  const rows = await ctx.db
    .select({ request: dataRequests, name: decider.name })
    .from(dataRequests)
    .leftJoin(decider, eq(decider.id, dataRequests.decidedById))
    .where(
      and(
        query.status ? eq(dataRequests.status, query.status) : undefined,
        after
          ? sql`(${dataRequests.receivedAt}, ${dataRequests.id}) < (${after.at}::timestamptz, ${after.id}::uuid)`
          : undefined,
      ),
    )
    .orderBy(desc(dataRequests.receivedAt), desc(dataRequests.id))
    .limit(query.limit + 1);
  const page = pageOf(rows, query.limit, (r) => ({ at: r.request.receivedAt, id: r.request.id }));
  const now = ctx.clock.now();
  return {
    nextCursor: page.nextCursor,
    items: page.items.map(({ request, name }) =>
      viewRequest(request, now, new Map(request.decidedById ? [[request.decidedById, name ?? ""]] : [])),
    ),
  };
}

export async function decidedByNames(db: Db, row: RequestRow): Promise<Map<string, string>> {
  if (!row.decidedById) return new Map();
  const [user] = await db.select({ name: users.name }).from(users).where(eq(users.id, row.decidedById));
  return new Map(user ? [[row.decidedById, user.name]] : []);
}

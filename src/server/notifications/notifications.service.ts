import { and, desc, eq, inArray, isNull, lt, sql } from "drizzle-orm";
import { v7 as uuidv7 } from "uuid";
import type { Role } from "../../shared/enums.js";
import type { Ctx } from "../context.js";
import type { Db } from "../db/client.js";
import { notifications, users } from "../db/schema/index.js";
import { notFound } from "../errors.js";

export interface Notice {
  caseId: string | null;
  kind:
    | "case.assigned"
    | "case.escalated"
    | "deadline.breached"
    | "email.dead"
    | "email.received"
    | "procedure.review_due"
    | "disposal.due"
    | "audit.broken"
    | "backup.failed";
  message: string;
}

/**
 * Tells staff about something that needs them, in the same transaction as its cause. This is the one
 * place notices leave from: in-app here, and by email when notifications.mail.ts picks them up.
 */
export async function notifyUsers(
  tx: Db,
  userIds: readonly string[],
  notice: Notice,
  now: Date,
): Promise<void> {
  const unique = [...new Set(userIds)];
  if (unique.length === 0) return;
  await tx.insert(notifications).values(
    unique.map((userId) => ({
      id: uuidv7(),
      userId,
      caseId: notice.caseId,
      kind: notice.kind,
      message: notice.message,
      createdAt: now,
    })),
  );
}

/** Who holds each role, looked up once per batch of work (a sweep notifies many cases' people). */
export type RoleHolders = Map<Role, Promise<string[]>>;

async function holdersOf(tx: Db, role: Role, memo: RoleHolders | undefined): Promise<string[]> {
  const cached = memo?.get(role);
  if (cached) return cached;
  const found = tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.active, 1), sql`${role} = ANY(${users.roles})`))
    .then((rows) => rows.map((u) => u.id));
  memo?.set(role, found);
  return found;
}

/** Several notices, each to every holder of a role, in one insert (batch work: the sweeps). */
export async function notifyRoles(
  tx: Db,
  notices: { role: Role; notice: Notice }[],
  now: Date,
  memo: RoleHolders = new Map(),
): Promise<void> {
  const rows: (typeof notifications.$inferInsert)[] = [];
  for (const { role, notice } of notices) {
    for (const userId of await holdersOf(tx, role, memo)) {
      rows.push({
        id: uuidv7(),
        userId,
        caseId: notice.caseId,
        kind: notice.kind,
        message: notice.message,
        createdAt: now,
      });
    }
  }
  if (rows.length) await tx.insert(notifications).values(rows);
}

/** R5: an escalation notifies the people of its level: managers for L2, senior management for L3. */
export async function notifyRole(
  tx: Db,
  role: Role,
  notice: Notice,
  now: Date,
  memo?: RoleHolders,
): Promise<void> {
  await notifyUsers(tx, await holdersOf(tx, role, memo), notice, now);
}

export async function listNotifications(
  ctx: Ctx,
  options: { unread: boolean; limit: number; before?: string },
) {
  const rows = await ctx.db
    .select()
    .from(notifications)
    .where(
      and(
        eq(notifications.userId, ctx.actor.userId!),
        options.unread ? isNull(notifications.readAt) : undefined,
        options.before ? lt(notifications.id, options.before) : undefined,
      ),
    )
    .orderBy(desc(notifications.id))
    .limit(options.limit + 1);
  const page = rows.slice(0, options.limit);
  return {
    items: page.map((n) => ({
      id: n.id,
      caseId: n.caseId,
      kind: n.kind,
      message: n.message,
      createdAt: n.createdAt.toISOString(),
      readAt: n.readAt?.toISOString() ?? null,
    })),
    nextCursor: rows.length > options.limit ? page.at(-1)!.id : null,
  };
}

/** Marks one notice (or, with no id, all of them) read for the signed-in user. */
export async function markNotificationsRead(ctx: Ctx, ids: string[] | "all"): Promise<number> {
  const mine = eq(notifications.userId, ctx.actor.userId!);
  const rows = await ctx.db
    .update(notifications)
    .set({ readAt: ctx.clock.now() })
    .where(
      and(mine, isNull(notifications.readAt), ids === "all" ? undefined : inArray(notifications.id, ids)),
    )
    .returning({ id: notifications.id });
  if (ids !== "all" && rows.length < ids.length) {
    const known = await ctx.db
      .select({ id: notifications.id })
      .from(notifications)
      .where(and(mine, inArray(notifications.id, ids)));
    if (known.length < ids.length)
      throw notFound("notification", "list yours with GET /api/v1/notifications");
  }
  return rows.length;
}

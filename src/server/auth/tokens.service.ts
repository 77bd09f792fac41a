import { randomUUID } from "node:crypto";
import { and, desc, eq, type SQL } from "drizzle-orm";
import type { Role } from "../../shared/enums.js";
import { appendAudit } from "../audit/audit.service.js";
import { type Ctx, hasRole } from "../context.js";
import { apiTokens } from "../db/schema/index.js";
import { transact } from "../db/transact.js";
import { AppError, invalid, notFound } from "../errors.js";
import { forgetCachedTokens } from "./auth.service.js";
import { hashSecret, newSecret } from "./secrets.js";

type TokenRow = typeof apiTokens.$inferSelect;

function toTokenView(row: TokenRow) {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    userId: row.userId,
    roles: row.roles,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

/** R11: an API token for an integration, acting as its creator; the secret is shown once, kept hashed. */
export async function createToken(ctx: Ctx, input: { name: string; roles?: Role[] | undefined }) {
  const userId = ctx.actor.userId!;
  const roles = input.roles ? [...new Set(input.roles)] : null;
  const missing = roles?.filter((role) => !ctx.actor.roles.includes(role)) ?? [];
  if (missing.length) {
    throw invalid([
      {
        field: "roles",
        message: `you do not hold ${missing.join(", ")}; a token can only narrow your roles`,
      },
    ]);
  }
  const token = newSecret("rdr_");
  const now = ctx.clock.now();
  return transact(ctx, async (tx) => {
    const [row] = await tx
      .insert(apiTokens)
      .values({
        id: randomUUID(),
        userId,
        name: input.name,
        tokenHash: hashSecret(token),
        prefix: token.slice(0, 8),
        roles,
        createdAt: now,
      })
      .returning();
    await appendAudit(tx, ctx.actor, now, {
      stream: `user:${userId}`,
      action: "token.created",
      changes: { tokenId: { new: row!.id }, name: { new: row!.name }, roles: { new: roles } },
    });
    return { ...toTokenView(row!), token };
  });
}

/** Admins see every token; others their own. */
export async function listTokens(ctx: Ctx) {
  const where: SQL | undefined = hasRole(ctx.actor, "admin")
    ? undefined
    : eq(apiTokens.userId, ctx.actor.userId!);
  const rows = await ctx.db.select().from(apiTokens).where(where).orderBy(desc(apiTokens.createdAt));
  return rows.map(toTokenView);
}

export async function revokeToken(ctx: Ctx, id: string) {
  const now = ctx.clock.now();
  const revoked = await transact(ctx, async (tx) => {
    const [row] = await tx.select().from(apiTokens).where(eq(apiTokens.id, id)).for("update");
    if (!row || (row.userId !== ctx.actor.userId && !hasRole(ctx.actor, "admin"))) {
      throw notFound(`token ${id}`, "list your tokens with GET /api/v1/tokens");
    }
    if (row.revokedAt) {
      throw new AppError(
        "already_revoked",
        409,
        `token ${id} was already revoked on ${row.revokedAt.toISOString()}`,
      );
    }
    const [updated] = await tx
      .update(apiTokens)
      .set({ revokedAt: now })
      .where(and(eq(apiTokens.id, id)))
      .returning();
    await appendAudit(tx, ctx.actor, now, {
      stream: `user:${row.userId}`,
      action: "token.revoked",
      changes: { tokenId: { new: id } },
    });
    return toTokenView(updated!);
  });
  // After the commit: a request resolving the token before it would cache it as live again.
  forgetCachedTokens({ tokenId: id });
  return revoked;
}

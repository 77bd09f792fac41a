import { eq } from "drizzle-orm";
import type { Role } from "../../shared/enums.js";
import type { UserView } from "../../shared/users.schema.js";
import { appendAudit } from "../audit/audit.service.js";
import type { Actor, Ctx } from "../context.js";
import type { Db } from "../db/client.js";
import { users } from "../db/schema/index.js";
import { transact } from "../db/transact.js";
import { AppError } from "../errors.js";
import { findUserByEmail, toUserView, type UserRow } from "../users/users.queries.js";
import { burnPasswordCheck, verifyPassword } from "./passwords.js";
import { hashSecret, newSecret } from "./secrets.js";
import {
  deleteSession,
  findLiveSession,
  findLiveToken,
  insertSession,
  touchSession,
  touchToken,
} from "./sessions.queries.js";

/** R11: lockout after repeated failures; the lock lasts LOCK_MINUTES and doubles while failures go on. */
export const MAX_FAILED_SIGN_INS = 5;
export const LOCK_MINUTES = 15;
/** Last-seen and last-used times are written at most this often, not on every request. */
const TOUCH_INTERVAL_MS = 60_000;

const signInFailed = () =>
  new AppError("sign_in_failed", 401, "the email or password is wrong; check both and try again");

export interface SignedIn {
  user: UserView;
  sessionToken: string;
  expiresAt: Date;
}

export async function signIn(
  ctx: Ctx,
  input: { email: string; password: string; previousSession?: string },
): Promise<SignedIn> {
  const now = ctx.clock.now();
  const user = await findUserByEmail(ctx.db, input.email);
  if (user?.active !== 1) {
    await burnPasswordCheck(input.password);
    throw signInFailed();
  }
  if (user.lockedUntil && user.lockedUntil > now) {
    const minutes = Math.ceil((user.lockedUntil.getTime() - now.getTime()) / 60_000);
    throw new AppError(
      "account_locked",
      429,
      `too many failed sign-ins; try again in ${minutes} minute(s) or ask an admin to reset the password`,
      { retryAfterSeconds: minutes * 60 },
    );
  }
  const actor: Actor = { kind: "user", userId: user.id, roles: user.roles, source: ctx.actor.source };
  if (!(await verifyPassword(user.passwordHash, input.password))) {
    await recordFailedSignIn({ ...ctx, actor }, user.id, user.failedSignIns + 1, now);
    throw signInFailed();
  }
  return transact({ ...ctx, actor }, (tx) =>
    openSession(tx, actor, user, {
      now,
      hours: ctx.config.sessionHours,
      previousSession: input.previousSession,
    }),
  );
}

/**
 * Opens a session for a user who has proved who they are (password or single sign-on): clears failed
 * sign-ins and writes `user.signed_in`, in the caller's transaction.
 */
export async function openSession(
  tx: Db,
  actor: Actor,
  user: UserRow,
  options: { now: Date; hours: number; previousSession: string | undefined; via?: "sso" },
): Promise<SignedIn> {
  const { now } = options;
  const sessionToken = newSecret();
  const expiresAt = new Date(now.getTime() + options.hours * 3600_000);
  // Session rotation: a sign-in never keeps the cookie it came with.
  if (options.previousSession) await deleteSession(tx, hashSecret(options.previousSession));
  await insertSession(tx, { tokenHash: hashSecret(sessionToken), userId: user.id, now, expiresAt });
  await tx
    .update(users)
    .set({ failedSignIns: 0, lockedUntil: null, lastSignInAt: now })
    .where(eq(users.id, user.id));
  await appendAudit(tx, actor, now, {
    stream: `user:${user.id}`,
    action: "user.signed_in",
    changes: options.via ? { via: { new: options.via } } : {},
  });
  return { user: toUserView({ ...user, lastSignInAt: now }), sessionToken, expiresAt };
}

async function recordFailedSignIn(ctx: Ctx, userId: string, failures: number, now: Date): Promise<void> {
  const over = failures - MAX_FAILED_SIGN_INS;
  const lockedUntil =
    over >= 0 ? new Date(now.getTime() + LOCK_MINUTES * 60_000 * 2 ** Math.min(over, 6)) : null;
  await transact(ctx, async (tx) => {
    await tx.update(users).set({ failedSignIns: failures, lockedUntil }).where(eq(users.id, userId));
    await appendAudit(tx, ctx.actor, now, {
      stream: `user:${userId}`,
      action: lockedUntil ? "user.locked" : "user.sign_in_failed",
      changes: {
        failedSignIns: { new: failures },
        ...(lockedUntil ? { lockedUntil: { new: lockedUntil } } : {}),
      },
    });
  });
}

export async function signOut(ctx: Ctx, sessionToken: string): Promise<void> {
  await deleteSession(ctx.db, hashSecret(sessionToken));
}

/** Resolves a session cookie to the acting user, or undefined when it is unknown or expired. */
export async function actorFromSession(ctx: Ctx, sessionToken: string): Promise<Actor | undefined> {
  const now = ctx.clock.now();
  const tokenHash = hashSecret(sessionToken);
  const found = await findLiveSession(ctx.db, tokenHash, now);
  if (found?.user.active !== 1) return undefined;
  if (now.getTime() - found.session.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
    await touchSession(ctx.db, tokenHash, now);
  }
  return { kind: "user", userId: found.user.id, roles: found.user.roles, source: "session" };
}

/**
 * API tokens resolved in the last TOKEN_CACHE_MS, by the token's hash: an integration's requests then
 * skip the token query, as case creation skips the settings query. Revoking a token forgets it here at
 * once (`forgetCachedToken`); another instance on the same PostgreSQL may still accept a revoked token —
 * or act with a deactivated user's or changed roles — for up to TOKEN_CACHE_MS. Unknown tokens are not
 * cached (a guesser could fill the cache).
 */
export const TOKEN_CACHE_MS = 5_000;
const TOKEN_CACHE_MAX = 10_000;

interface CachedToken {
  actor: Actor;
  tokenId: string;
  userId: string;
  /** `performance.now()` when looked up: the bound is real time, whatever the app's clock says. */
  cachedAt: number;
}

const tokenCache = new Map<string, CachedToken>();

/** Forgets a token (revoked) or all of a user's tokens (deactivated, roles changed) in this instance. */
export function forgetCachedTokens(which: { tokenId?: string; userId?: string }): void {
  for (const [hash, entry] of tokenCache) {
    if (entry.tokenId === which.tokenId || entry.userId === which.userId) tokenCache.delete(hash);
  }
}

/** Resolves an API token; a token restricted to some roles acts with those its user still holds. */
export async function actorFromToken(ctx: Ctx, token: string): Promise<Actor | undefined> {
  const tokenHash = hashSecret(token);
  const cached = tokenCache.get(tokenHash);
  if (cached && performance.now() - cached.cachedAt < TOKEN_CACHE_MS) return cached.actor;
  const now = ctx.clock.now();
  const found = await findLiveToken(ctx.db, tokenHash);
  if (found?.user.active !== 1) {
    tokenCache.delete(tokenHash);
    return undefined;
  }
  if (!found.token.lastUsedAt || now.getTime() - found.token.lastUsedAt.getTime() > TOUCH_INTERVAL_MS) {
    await touchToken(ctx.db, found.token.id, now);
  }
  const allowed: readonly Role[] = found.token.roles ?? found.user.roles;
  const roles = found.user.roles.filter((role) => allowed.includes(role));
  const actor: Actor = { kind: "user", userId: found.user.id, roles, source: `token:${found.token.id}` };
  if (tokenCache.size >= TOKEN_CACHE_MAX) tokenCache.clear();
  tokenCache.set(tokenHash, {
    actor,
    tokenId: found.token.id,
    userId: found.user.id,
    cachedAt: performance.now(),
  });
  return actor;
}

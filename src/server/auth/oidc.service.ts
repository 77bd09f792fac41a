import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Role } from "../../shared/enums.js";
import { appendAudit, type Change } from "../audit/audit.service.js";
import { type Actor, type Ctx, systemActor } from "../context.js";
import type { Db } from "../db/client.js";
import { isUniqueViolation } from "../db/errors.js";
import { SSO_ONLY, users } from "../db/schema/index.js";
import { transact } from "../db/transact.js";
import { AppError } from "../errors.js";
import { findUserByEmail, findUserBySsoSubject, type UserRow } from "../users/users.queries.js";
import { forgetCachedTokens, openSession, type SignedIn } from "./auth.service.js";
import type { OidcIdentity } from "./oidc.client.js";
import { type OidcConfig, rolesForGroups } from "./oidc.config.js";

/** Why a single sign-on was refused; the sign-in page explains each code (web strings `signIn.sso`). */
export type SsoRefusal =
  | "sso_no_account"
  | "sso_no_role"
  | "sso_inactive"
  | "sso_email_unverified"
  | "sso_conflict";

const refuse = (code: SsoRefusal, detail: string) => new AppError(code, 403, detail);

/** The provider's decisions (linking, roles) are audited as its own, the sign-in as the user's. */
const provider = systemActor("sso");

/**
 * Signs in the person the provider vouched for. The user is found by the linked identity, else by email
 * (then linked). With a role map, the provider's groups set the user's roles at every sign-in and a new
 * user is created on first sign-in; without one, roles stay as set in Redress and only existing users
 * get in. All of it is one transaction with its audit events.
 */
export async function signInWithSso(
  ctx: Ctx,
  config: OidcConfig,
  identity: OidcIdentity,
  previousSession: string | undefined,
): Promise<SignedIn> {
  const attempt = () =>
    transact(ctx, async (tx) => {
      const now = ctx.clock.now();
      const user = await provisionUser(tx, config, identity, now);
      const actor: Actor = { kind: "user", userId: user.id, roles: user.roles, source: "sso" };
      return openSession(tx, actor, user, {
        now,
        hours: ctx.config.sessionHours,
        previousSession,
        via: "sso",
      });
    });
  let signedIn: SignedIn;
  try {
    signedIn = await attempt();
  } catch (error) {
    // Two first sign-ins of one person at once: the other created the user; this one now finds it.
    if (!isUniqueViolation(error)) throw error;
    signedIn = await attempt();
  }
  forgetCachedTokens({ userId: signedIn.user.id });
  return signedIn;
}

async function provisionUser(
  tx: Db,
  config: OidcConfig,
  identity: OidcIdentity,
  now: Date,
): Promise<UserRow> {
  const rolesFromGroups = config.roleMap.size > 0;
  const roles = rolesForGroups(config.roleMap, identity.groups);
  const user =
    (await findUserBySsoSubject(tx, identity.subject)) ??
    (identity.email ? await findUserByEmail(tx, identity.email) : undefined);
  if (rolesFromGroups && roles.length === 0) {
    throw refuse("sso_no_role", "none of your groups at the sign-in provider gives a Redress role");
  }
  if (!user) {
    if (!rolesFromGroups) {
      throw refuse("sso_no_account", "you have no Redress account; ask an administrator to create one");
    }
    return createSsoUser(tx, identity, roles, now);
  }
  if (user.ssoSubject && user.ssoSubject !== identity.subject) {
    throw refuse("sso_conflict", "this email's Redress account is linked to another sign-in identity");
  }
  if (!user.ssoSubject && !identity.emailVerified) {
    throw refuse("sso_email_unverified", "the sign-in provider has not verified your email address");
  }
  if (user.active !== 1) throw refuse("sso_inactive", "your Redress account is deactivated");
  const changes: Record<string, Change> = {};
  const next: Partial<UserRow> = {};
  if (!user.ssoSubject) {
    changes.ssoSubject = { new: identity.subject };
    next.ssoSubject = identity.subject;
  }
  if (rolesFromGroups && roles.join() !== user.roles.join()) {
    changes.roles = { old: user.roles, new: roles };
    next.roles = roles;
  }
  if (Object.keys(changes).length === 0) return user;
  const [row] = await tx
    .update(users)
    .set({ ...next, updatedAt: now })
    .where(eq(users.id, user.id))
    .returning();
  await appendAudit(tx, provider, now, { stream: `user:${user.id}`, action: "user.updated", changes });
  return row!;
}

async function createSsoUser(tx: Db, identity: OidcIdentity, roles: Role[], now: Date): Promise<UserRow> {
  if (!identity.email) {
    throw refuse(
      "sso_no_account",
      "the sign-in provider sent no email address; ask it to release the email claim",
    );
  }
  if (!identity.emailVerified) {
    throw refuse("sso_email_unverified", "the sign-in provider has not verified your email address");
  }
  const name = identity.name?.trim() || identity.email.split("@")[0]!;
  const [row] = await tx
    .insert(users)
    .values({
      id: randomUUID(),
      email: identity.email.trim(),
      name,
      passwordHash: SSO_ONLY,
      roles,
      ssoSubject: identity.subject,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  await appendAudit(tx, provider, now, {
    stream: `user:${row!.id}`,
    action: "user.created",
    changes: {
      email: { new: row!.email },
      name: { new: row!.name },
      roles: { new: roles },
      ssoSubject: { new: identity.subject },
    },
  });
  return row!;
}

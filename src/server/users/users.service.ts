import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import type { CreateUserInput, UpdateUserInput, UserView } from "../../shared/users.schema.js";
import { appendAudit, type Change } from "../audit/audit.service.js";
import { forgetCachedTokens } from "../auth/auth.service.js";
import { hashPassword, passwordProblems } from "../auth/passwords.js";
import { deleteSessionsOfUser } from "../auth/sessions.queries.js";
import type { Ctx } from "../context.js";
import { isUniqueViolation } from "../db/errors.js";
import { users } from "../db/schema/index.js";
import { transact } from "../db/transact.js";
import { AppError, invalid, notFound } from "../errors.js";
import { findUserByEmail, findUserById, listAllUsers, toUserView } from "./users.queries.js";

const emailTaken = (email: string) =>
  new AppError(
    "email_taken",
    409,
    `a user with email ${email} already exists; use another email or update that user`,
  );

/** R11: a staff account with argon2id password and one or more roles; audited. */
export async function createUser(ctx: Ctx, input: CreateUserInput): Promise<UserView> {
  const problems = await passwordProblems(input.password, input.email);
  if (problems.length) throw invalid(problems);
  const passwordHash = await hashPassword(input.password);
  const now = ctx.clock.now();
  try {
    return await transact(ctx, async (tx) => {
      if (await findUserByEmail(tx, input.email)) throw emailTaken(input.email);
      const roles = [...new Set(input.roles)];
      const [row] = await tx
        .insert(users)
        .values({
          id: randomUUID(),
          email: input.email.trim(),
          name: input.name,
          passwordHash,
          roles,
          createdAt: now,
          updatedAt: now,
        })
        .returning();
      await appendAudit(tx, ctx.actor, now, {
        stream: `user:${row!.id}`,
        action: "user.created",
        changes: { email: { new: row!.email }, name: { new: row!.name }, roles: { new: roles } },
      });
      return toUserView(row!);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw emailTaken(input.email);
    throw error;
  }
}

export async function updateUser(ctx: Ctx, id: string, input: UpdateUserInput): Promise<UserView> {
  let passwordHash: string | undefined;
  const now = ctx.clock.now();
  const updated = await transact(ctx, async (tx) => {
    const current = await findUserById(tx, id, true);
    if (!current) throw notFound(`user ${id}`, "list users with GET /api/v1/users");
    if (input.password !== undefined) {
      const problems = await passwordProblems(input.password, current.email);
      if (problems.length) throw invalid(problems);
      passwordHash = await hashPassword(input.password);
    }
    const changes: Record<string, Change> = {};
    const next: Partial<typeof users.$inferInsert> = { updatedAt: now };
    if (input.name !== undefined && input.name !== current.name) {
      changes.name = { old: current.name, new: input.name };
      next.name = input.name;
    }
    if (input.roles !== undefined) {
      const roles = [...new Set(input.roles)];
      if (roles.join() !== current.roles.join()) {
        changes.roles = { old: current.roles, new: roles };
        next.roles = roles;
      }
    }
    if (input.active !== undefined && input.active !== (current.active === 1)) {
      changes.active = { old: current.active === 1, new: input.active };
      next.active = input.active ? 1 : 0;
    }
    if (passwordHash) {
      changes.password = { new: "(changed)" };
      Object.assign(next, { passwordHash, failedSignIns: 0, lockedUntil: null });
    }
    if (Object.keys(changes).length === 0) return toUserView(current);
    const [row] = await tx.update(users).set(next).where(eq(users.id, id)).returning();
    // A deactivated user or a new password ends every open session of that user.
    if (next.active === 0 || passwordHash) await deleteSessionsOfUser(tx, id);
    await appendAudit(tx, ctx.actor, now, { stream: `user:${id}`, action: "user.updated", changes });
    return toUserView(row!);
  });
  // Roles or active changed: tokens cached by this instance act on the new ones at once (auth.service.ts).
  forgetCachedTokens({ userId: id });
  return updated;
}

export async function listUsers(ctx: Ctx): Promise<UserView[]> {
  return (await listAllUsers(ctx.db)).map(toUserView);
}

export async function getUser(ctx: Ctx, id: string): Promise<UserView> {
  const row = await findUserById(ctx.db, id);
  if (!row) throw notFound(`user ${id}`, "list users with GET /api/v1/users");
  return toUserView(row);
}

import { asc, eq, sql } from "drizzle-orm";
import type { UserView } from "../../shared/users.schema.js";
import type { Db } from "../db/client.js";
import { users } from "../db/schema/index.js";

export type UserRow = typeof users.$inferSelect;

export function toUserView(row: UserRow): UserView {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    roles: row.roles,
    active: row.active === 1,
    createdAt: row.createdAt.toISOString(),
    lastSignInAt: row.lastSignInAt?.toISOString() ?? null,
    sso: row.ssoSubject !== null,
  };
}

export async function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  const [row] = await db
    .select()
    .from(users)
    .where(sql`lower(${users.email}) = ${email.trim().toLowerCase()}`);
  return row;
}

export async function findUserBySsoSubject(db: Db, subject: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.ssoSubject, subject));
  return row;
}

export async function findUserById(db: Db, id: string, forUpdate = false): Promise<UserRow | undefined> {
  const query = db.select().from(users).where(eq(users.id, id));
  const [row] = forUpdate ? await query.for("update") : await query;
  return row;
}

export const listAllUsers = (db: Db) => db.select().from(users).orderBy(asc(users.name), asc(users.id));

export async function countUsers(db: Db): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(users);
  return Number(row?.n ?? 0);
}

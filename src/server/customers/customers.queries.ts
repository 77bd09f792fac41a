import { randomUUID } from "node:crypto";
import { eq, or, sql } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { customers } from "../db/schema/index.js";

export type CustomerRow = typeof customers.$inferSelect;

export interface ContactKeys {
  emailNorm: string | null;
  phoneNorm: string | null;
}

/** The customer with this email or phone; an email match wins over a phone match. */
export async function findCustomerByContact(db: Db, keys: ContactKeys): Promise<CustomerRow | undefined> {
  const conditions = [
    keys.emailNorm ? eq(customers.emailNorm, keys.emailNorm) : undefined,
    keys.phoneNorm ? eq(customers.phoneNorm, keys.phoneNorm) : undefined,
  ].filter((c) => c !== undefined);
  if (conditions.length === 0) return undefined;
  const rows = await db
    .select()
    .from(customers)
    .where(or(...conditions))
    // NULLS LAST: a customer without an email compares as NULL, which DESC would put before the match.
    .orderBy(sql`(${customers.emailNorm} = ${keys.emailNorm ?? ""}) DESC NULLS LAST`)
    .limit(1);
  return rows[0];
}

/** Inserts unless another request has just taken the email or phone (then returns undefined). */
export async function insertCustomer(
  db: Db,
  values: { name: string; email: string | null; phone: string | null } & ContactKeys,
  now: Date,
): Promise<CustomerRow | undefined> {
  const [row] = await db
    .insert(customers)
    .values({ id: randomUUID(), ...values, createdAt: now, updatedAt: now })
    .onConflictDoNothing()
    .returning();
  return row;
}

export async function addCustomerContacts(
  db: Db,
  id: string,
  values: Partial<Pick<CustomerRow, "email" | "emailNorm" | "phone" | "phoneNorm">>,
  now: Date,
): Promise<CustomerRow> {
  const [row] = await db
    .update(customers)
    .set({ ...values, updatedAt: now })
    .where(eq(customers.id, id))
    .returning();
  return row!;
}

export async function customerTakes(db: Db, keys: ContactKeys, exceptId: string): Promise<boolean> {
  const other = await findCustomerByContact(db, keys);
  return Boolean(other && other.id !== exceptId);
}

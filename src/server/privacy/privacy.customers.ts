import { sql } from "drizzle-orm";
import type { Ctx } from "../context.js";
import { normaliseEmail, normalisePhone } from "../customers/customers.match.js";
import { queryRows } from "../db/client.js";
import { invalid } from "../errors.js";

/**
 * R11: the first step of a data subject's request — find whom it is about, by the email or phone they
 * wrote from, matched as intake matches them (email case-insensitive, phone normalised).
 */
export async function findCustomers(ctx: Ctx, query: { email?: string | null; phone?: string | null }) {
  const email = normaliseEmail(query.email);
  const phone = normalisePhone(query.phone, ctx.config.phoneRegion);
  if (phone === undefined) throw invalid([{ field: "phone", message: "is not a phone number" }]);
  if (!email && !phone) {
    throw invalid([
      { field: "email", message: "give an email or a phone number to look the customer up by" },
    ]);
  }
  const rows = await queryRows<{
    id: string;
    name: string | null;
    email: string | null;
    phone: string | null;
    created_at: Date;
    erased_at: Date | null;
    cases: number;
  }>(
    ctx.db,
    sql`SELECT cu.id, cu.name, cu.email, cu.phone, cu.created_at, cu.erased_at,
               (SELECT count(*)::int FROM cases c WHERE c.customer_id = cu.id) AS cases
        FROM customers cu
        WHERE cu.email_norm = ${email}::text OR cu.phone_norm = ${phone}::text
        ORDER BY cu.created_at`,
  );
  return {
    items: rows.map((r) => ({
      id: r.id,
      name: r.name,
      email: r.email,
      phone: r.phone,
      createdAt: new Date(r.created_at).toISOString(),
      erasedAt: r.erased_at ? new Date(r.erased_at).toISOString() : null,
      cases: r.cases,
    })),
  };
}

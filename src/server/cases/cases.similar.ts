import type { Ctx } from "../context.js";
import { findCustomerByContact } from "../customers/customers.queries.js";
import { customerContactKeys } from "../customers/customers.service.js";
import { notFound } from "../errors.js";
import { assertCanSeeCase, hiddenStatuses } from "./cases.policy.js";
import {
  findCaseByReference,
  findCustomerCases,
  findSimilarOpenCases,
  type SimilarRow,
} from "./cases.queries.js";

const view = (row: SimilarRow) => ({
  reference: row.reference,
  summary: row.summary,
  status: row.status,
  receivedAt: new Date(row.received_at).toISOString(),
  customerName: row.customer_name,
  similarity: Number(row.similarity),
});

/** R1 / DISP 1.4.2G: open cases like this one, and the same customer's earlier cases. */
export async function similarToCase(ctx: Ctx, reference: string) {
  const found = await findCaseByReference(ctx.db, reference);
  if (!found) throw notFound(`case ${reference}`, "check the reference, e.g. CMP-2026-000042");
  assertCanSeeCase(ctx.actor, found.case);
  const hidden = hiddenStatuses(ctx.actor);
  const [similar, customerCases] = await Promise.all([
    findSimilarOpenCases(ctx.db, found.case.summary, found.case.id, hidden),
    found.case.customerId ? findCustomerCases(ctx.db, found.case.customerId, found.case.id, hidden) : [],
  ]);
  return { similar: similar.map(view), customerCases: customerCases.map(view) };
}

/** The same hints while the agent is still typing (before the case exists). */
export async function similarAtIntake(
  ctx: Ctx,
  input: {
    summary?: string | null;
    description?: string | null;
    email?: string | null;
    phone?: string | null;
  },
) {
  const hidden = hiddenStatuses(ctx.actor);
  const text = [input.summary, input.description?.slice(0, 300)].filter(Boolean).join(" ").trim();
  const keys = customerContactKeys(ctx, { name: "", email: input.email, phone: input.phone }, "query");
  const customer = keys.emailNorm || keys.phoneNorm ? await findCustomerByContact(ctx.db, keys) : undefined;
  const [similar, customerCases] = await Promise.all([
    text.length >= 3 ? findSimilarOpenCases(ctx.db, text, null, hidden) : [],
    customer ? findCustomerCases(ctx.db, customer.id, null, hidden) : [],
  ]);
  return { similar: similar.map(view), customerCases: customerCases.map(view) };
}

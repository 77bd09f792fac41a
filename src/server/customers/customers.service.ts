import { appendAudit, type Change } from "../audit/audit.service.js";
import type { Ctx } from "../context.js";
import type { Db } from "../db/client.js";
import { invalid } from "../errors.js";
import { normaliseEmail, normalisePhone } from "./customers.match.js";
import {
  addCustomerContacts,
  type CustomerRow,
  customerTakes,
  findCustomerByContact,
  insertCustomer,
} from "./customers.queries.js";

export interface CustomerInput {
  name: string;
  email?: string | null | undefined;
  phone?: string | null | undefined;
}

/** R11: the customer fields kept as salted digests in the audit trail. */
export const CUSTOMER_PERSONAL_FIELDS = ["name", "email", "phone"] as const;

export function customerContactKeys(ctx: Ctx, input: CustomerInput, field = "customer") {
  const phoneNorm = normalisePhone(input.phone, ctx.config.phoneRegion);
  if (phoneNorm === undefined) {
    throw invalid([
      { field: `${field}.phone`, message: "is not a phone number; give digits, optionally starting with +" },
    ]);
  }
  return { emailNorm: normaliseEmail(input.email), phoneNorm };
}

/**
 * R1: the customer a case belongs to — found by email (case-insensitive) or normalised phone, else
 * created. A known customer gains a contact it lacked (if no other customer has it). Audited.
 */
export async function resolveCustomer(
  tx: Db,
  ctx: Ctx,
  input: CustomerInput,
  now: Date,
): Promise<CustomerRow> {
  const keys = customerContactKeys(ctx, input);
  const email = input.email?.trim() || null;
  const phone = input.phone?.trim() || null;
  let customer = await findCustomerByContact(tx, keys);
  if (!customer) {
    customer = await insertCustomer(tx, { name: input.name, email, phone, ...keys }, now);
    if (customer) {
      await appendAudit(tx, ctx.actor, now, {
        stream: `customer:${customer.id}`,
        action: "customer.created",
        changes: { name: { new: input.name }, email: { new: email }, phone: { new: phone } },
        personal: CUSTOMER_PERSONAL_FIELDS,
        customerId: customer.id,
      });
      return customer;
    }
    // Another request created this customer a moment ago: use theirs.
    customer = (await findCustomerByContact(tx, keys))!;
  }
  return addMissingContacts(tx, ctx, customer, { email, phone, ...keys }, now);
}

type GivenContacts = {
  email: string | null;
  phone: string | null;
  emailNorm: string | null;
  phoneNorm: string | null;
};

/** Whether the intake gives a contact this customer lacks (then `addMissingContacts` has work to do). */
export function lacksGivenContacts(customer: CustomerRow, given: GivenContacts): boolean {
  return Boolean((!customer.emailNorm && given.emailNorm) || (!customer.phoneNorm && given.phoneNorm));
}

/** R1: a known customer gains the email or phone it lacked, unless another customer has it; audited. */
export async function addMissingContacts(
  tx: Db,
  ctx: Ctx,
  customer: CustomerRow,
  given: GivenContacts,
  now: Date,
): Promise<CustomerRow> {
  const update: Parameters<typeof addCustomerContacts>[2] = {};
  const changes: Record<string, Change> = {};
  if (!customer.emailNorm && given.emailNorm) {
    if (!(await customerTakes(tx, { emailNorm: given.emailNorm, phoneNorm: null }, customer.id))) {
      Object.assign(update, { email: given.email, emailNorm: given.emailNorm });
      changes.email = { old: null, new: given.email };
    }
  }
  if (!customer.phoneNorm && given.phoneNorm) {
    if (!(await customerTakes(tx, { emailNorm: null, phoneNorm: given.phoneNorm }, customer.id))) {
      Object.assign(update, { phone: given.phone, phoneNorm: given.phoneNorm });
      changes.phone = { old: null, new: given.phone };
    }
  }
  if (Object.keys(changes).length === 0) return customer;
  const updated = await addCustomerContacts(tx, customer.id, update, now);
  await appendAudit(tx, ctx.actor, now, {
    stream: `customer:${customer.id}`,
    action: "customer.contact_added",
    changes,
    personal: CUSTOMER_PERSONAL_FIELDS,
    customerId: customer.id,
  });
  return updated;
}

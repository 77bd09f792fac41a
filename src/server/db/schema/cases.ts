import { type SQL, sql } from "drizzle-orm";
import {
  customType,
  index,
  integer,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { caseTypeEnum, channelEnum, severityEnum, statusEnum } from "./enums.js";
import { users } from "./users.js";

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });
const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });

/**
 * Personal data (GDPR) is marked with a "personal:" comment on its column; `PERSONAL_FIELDS`
 * in audit/audit.personal.ts lists the same fields for the audit trail, export and erasure.
 */
export const customers = pgTable(
  "customers",
  {
    id: uuid("id").primaryKey(),
    name: text("name"), // personal
    email: text("email"), // personal
    emailNorm: text("email_norm"), // personal
    phone: text("phone"), // personal
    phoneNorm: text("phone_norm"), // personal
    createdAt: ts("created_at").notNull(),
    updatedAt: ts("updated_at").notNull(),
    erasedAt: ts("erased_at"),
  },
  (t) => [
    uniqueIndex("customers_email_norm_key").on(t.emailNorm),
    uniqueIndex("customers_phone_norm_key").on(t.phoneNorm),
  ],
);

/** R1: gapless per type and year; incremented in the creating transaction (see ARCHITECTURE.md). */
export const referenceCounters = pgTable(
  "reference_counters",
  {
    prefix: text("prefix").notNull(),
    year: integer("year").notNull(),
    last: integer("last").notNull(),
  },
  (t) => [primaryKey({ columns: [t.prefix, t.year] })],
);

export const cases = pgTable(
  "cases",
  {
    id: uuid("id").primaryKey(),
    reference: text("reference").notNull().unique(),
    type: caseTypeEnum("type").notNull(),
    status: statusEnum("status").notNull(),
    level: smallint("level").notNull(),
    channel: channelEnum("channel").notNull(),
    summary: text("summary").notNull(), // personal (free text about the customer)
    description: text("description").notNull(), // personal
    category: text("category"),
    severity: severityEnum("severity"),
    desiredRemedy: text("desired_remedy"), // personal
    productRef: text("product_ref"),
    customerId: uuid("customer_id").references(() => customers.id),
    /** The name as given at intake: the S0 log column, and what search matches. */
    customerName: text("customer_name"), // personal
    receivedAt: ts("received_at").notNull(),
    loggedAt: ts("logged_at").notNull(),
    receivedById: uuid("received_by_id").references(() => users.id),
    loggedById: uuid("logged_by_id").references(() => users.id),
    ownerId: uuid("owner_id").references(() => users.id),
    version: integer("version").notNull().default(1),
    policyVersion: integer("policy_version").notNull(),
    calendarVersion: integer("calendar_version").notNull(),
    acknowledgeDueAt: ts("acknowledge_due_at").notNull(),
    assignDueAt: ts("assign_due_at").notNull(),
    resolveDueAt: ts("resolve_due_at").notNull(),
    acknowledgedAt: ts("acknowledged_at"),
    assignedAt: ts("assigned_at"),
    resolvedAt: ts("resolved_at"),
    closedAt: ts("closed_at"),
    resolutionNotes: text("resolution_notes"), // personal
    updatedAt: ts("updated_at").notNull(),
    search: tsvector("search").generatedAlwaysAs(
      (): SQL =>
        sql`to_tsvector('english', ${cases.reference} || ' ' || coalesce(${cases.customerName}, '') || ' ' || ${cases.summary} || ' ' || ${cases.description})`,
    ),
  },
  (t) => [
    index("cases_received_idx").on(t.receivedAt, t.id),
    index("cases_status_received_idx").on(t.status, t.receivedAt, t.id),
    index("cases_owner_received_idx").on(t.ownerId, t.receivedAt, t.id),
    index("cases_customer_idx").on(t.customerId, t.receivedAt),
    index("cases_search_idx").using("gin", t.search),
    index("cases_summary_trgm_idx").using("gin", sql`${t.summary} gin_trgm_ops`),
  ],
);

import { type SQL, sql } from "drizzle-orm";
import {
  bigint,
  customType,
  date,
  doublePrecision,
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
import {
  actionItemStatusEnum,
  caseTypeEnum,
  channelEnum,
  confirmationEnum,
  outcomeEnum,
  severityEnum,
  statusEnum,
  urgencyEnum,
} from "./enums.js";
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

/**
 * The case fields that are free text about the customer (R11): salted digests in the audit trail,
 * found by export and erased by anonymisation. Keep in step with the "personal" comments below.
 */
export const CASE_PERSONAL_FIELDS = [
  "summary",
  "description",
  "desiredRemedy",
  "customerName",
  "resolutionNotes",
  "resolution",
  "resolveDueReason",
  "confirmationNote",
  "note",
  "impact",
  "findings",
  "peopleInterviewed",
  "rootCause",
  "notInvestigatedReason",
  "text",
  "waivedReason",
] as const;

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
    urgency: urgencyEnum("urgency"),
    impact: text("impact"),
    levelCause: text("level_cause"),
    escalatedAt: ts("escalated_at"),
    /** R4: a per-case resolve deadline set by hand, with its reason. */
    resolveDueReason: text("resolve_due_reason"), // personal
    /** R4: while awaiting the customer the resolve clock stands still; paused business minutes add up here. */
    pausedAt: ts("paused_at"),
    pausedMinutes: doublePrecision("paused_minutes").notNull().default(0),
    acknowledgeOutcome: text("acknowledge_outcome").$type<"met" | "missed">(),
    assignOutcome: text("assign_outcome").$type<"met" | "missed">(),
    resolveOutcome: text("resolve_outcome").$type<"met" | "missed">(),
    /** The earliest deadline of a step not yet done (null while none runs): what the sweeps and queues use. */
    nextDueAt: ts("next_due_at"),
    nextDueStep: text("next_due_step").$type<"acknowledge" | "assign" | "resolve">(),
    nextDueAlertedAt: ts("next_due_alerted_at"),
    /** When business time since receipt reaches the next escalation level (null: at L3, resolved or paused). */
    nextEscalationAt: ts("next_escalation_at"),
    outcome: outcomeEnum("outcome"),
    remedyAmountMinor: bigint("remedy_amount_minor", { mode: "number" }),
    remedyCurrency: text("remedy_currency"),
    resolvedById: uuid("resolved_by_id").references(() => users.id),
    verifiedAt: ts("verified_at"),
    verifiedById: uuid("verified_by_id").references(() => users.id),
    confirmation: confirmationEnum("confirmation"),
    confirmationAt: ts("confirmation_at"),
    confirmationChannel: channelEnum("confirmation_channel"),
    confirmationNote: text("confirmation_note"), // personal
    closedById: uuid("closed_by_id").references(() => users.id),
    /** SOP 004: the follow-up contact after resolution, due this many business days later (policy). */
    followUpDueAt: ts("follow_up_due_at"),
    followedUpAt: ts("followed_up_at"),
    followedUpById: uuid("followed_up_by_id").references(() => users.id),
    /** R10: under legal hold since (kept in step with `legal_holds`); stops disposal and erasure. */
    legalHoldAt: ts("legal_hold_at"),
    /** R10: when disposal left only the anonymous statistical skeleton of this case. */
    disposedAt: ts("disposed_at"),
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
    index("cases_next_due_idx").on(t.nextDueAt).where(sql`${t.nextDueAt} IS NOT NULL`),
    index("cases_next_escalation_idx").on(t.nextEscalationAt).where(sql`${t.nextEscalationAt} IS NOT NULL`),
    // R10: closed cases waiting for automatic archiving, oldest closure first.
    index("cases_closed_idx").on(t.closedAt).where(sql`${t.status} = 'closed'`),
    index("cases_follow_up_idx")
      .on(t.followUpDueAt)
      .where(sql`${t.followUpDueAt} IS NOT NULL AND ${t.followedUpAt} IS NULL`),
    // Similar cases look only at open ones: these partial indexes are a tenth of the full ones at 1 M cases.
    index("cases_open_summary_gist_idx")
      .using("gist", sql`${t.summary} gist_trgm_ops`)
      .where(sql`${t.status} NOT IN ('closed', 'archived')`),
    index("cases_open_search_idx")
      .using("gin", t.search)
      .where(sql`${t.status} NOT IN ('closed', 'archived')`),
  ],
);

/** R6 / 21 CFR 820.198: the investigation record of a case (one per case). */
export const caseInvestigations = pgTable("case_investigations", {
  caseId: uuid("case_id")
    .primaryKey()
    .references(() => cases.id),
  findings: text("findings"), // personal
  peopleInterviewed: text("people_interviewed"), // personal
  recordsReviewed: text("records_reviewed"),
  rootCauseCategory: text("root_cause_category"),
  rootCause: text("root_cause"), // personal
  /** A decision not to investigate, with its reason and who decided (820.198(b)). */
  notInvestigatedReason: text("not_investigated_reason"), // personal
  decidedById: uuid("decided_by_id").references(() => users.id),
  updatedAt: ts("updated_at").notNull(),
  updatedById: uuid("updated_by_id").references(() => users.id),
});

/** R6: the action plan of a resolution; closing needs each done or waived with a reason (R8). */
export const actionItems = pgTable(
  "action_items",
  {
    id: uuid("id").primaryKey(),
    caseId: uuid("case_id")
      .notNull()
      .references(() => cases.id),
    text: text("text").notNull(), // personal
    ownerId: uuid("owner_id").references(() => users.id),
    dueDate: date("due_date", { mode: "string" }),
    status: actionItemStatusEnum("status").notNull(),
    doneAt: ts("done_at"),
    waivedReason: text("waived_reason"), // personal
    createdAt: ts("created_at").notNull(),
    updatedAt: ts("updated_at").notNull(),
  },
  (t) => [
    index("action_items_case_idx").on(t.caseId),
    index("action_items_owner_idx").on(t.ownerId, t.status),
  ],
);

/** In-app notifications (escalations, breaches); email follows through the outbox. */
export const notifications = pgTable(
  "notifications",
  {
    id: uuid("id").primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    caseId: uuid("case_id").references(() => cases.id),
    kind: text("kind").notNull(),
    message: text("message").notNull(),
    createdAt: ts("created_at").notNull(),
    readAt: ts("read_at"),
    /** When the notice went into the outbox as an email to its user (null: not yet). */
    emailedAt: ts("emailed_at"),
  },
  (t) => [
    index("notifications_user_idx").on(t.userId, t.createdAt),
    index("notifications_unmailed_idx").on(t.createdAt).where(sql`${t.emailedAt} IS NULL`),
  ],
);

import {
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { cases } from "./cases.js";
import { users } from "./users.js";

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

export type CapaStatus = "open" | "in_progress" | "implemented" | "effective" | "not_effective";

/**
 * R6 / ISO 10002 8.6 / 21 CFR 820.100: a corrective or preventive action, linked to the cases that
 * showed the problem; checked for effectiveness on a set date, and reopened when it did not work.
 */
export const capas = pgTable(
  "capas",
  {
    id: uuid("id").primaryKey(),
    /** CAPA-YYYY-NNNN, from the same gapless counters as case references. */
    reference: text("reference").notNull().unique(),
    title: text("title").notNull(),
    description: text("description"),
    rootCauseCategory: text("root_cause_category"),
    rootCause: text("root_cause"),
    ownerId: uuid("owner_id").references(() => users.id),
    dueDate: date("due_date", { mode: "string" }).notNull(),
    status: text("status").$type<CapaStatus>().notNull(),
    effectivenessCheckDate: date("effectiveness_check_date", { mode: "string" }),
    effectivenessResult: text("effectiveness_result").$type<"effective" | "not_effective">(),
    effectivenessEvidence: text("effectiveness_evidence"),
    checkedAt: ts("checked_at"),
    checkedById: uuid("checked_by_id").references(() => users.id),
    lessonsLearned: text("lessons_learned"),
    createdAt: ts("created_at").notNull(),
    createdById: uuid("created_by_id").references(() => users.id),
    updatedAt: ts("updated_at").notNull(),
    version: integer("version").notNull().default(1),
  },
  (t) => [
    index("capas_status_due_idx").on(t.status, t.dueDate),
    index("capas_owner_idx").on(t.ownerId, t.status),
  ],
);

export const capaCases = pgTable(
  "capa_cases",
  {
    capaId: uuid("capa_id")
      .notNull()
      .references(() => capas.id),
    caseId: uuid("case_id")
      .notNull()
      .references(() => cases.id),
  },
  (t) => [primaryKey({ columns: [t.capaId, t.caseId] }), index("capa_cases_case_idx").on(t.caseId)],
);

/**
 * R12: the reports archive. A monthly report is generated once per period (the unique key makes the
 * scheduled run exactly-once across instances) and kept as its JSON figures; PDF, XLSX and CSV are
 * rendered from these stored figures, so a report downloaded next year says what it said when sent.
 */
export const reports = pgTable(
  "reports",
  {
    id: uuid("id").primaryKey(),
    kind: text("kind").notNull(),
    /** "2026-10" for a month. */
    period: text("period").notNull(),
    figures: jsonb("figures").notNull(),
    generatedAt: ts("generated_at").notNull(),
    generatedById: uuid("generated_by_id").references(() => users.id),
    /** When it was queued to the management list (null: not distributed). */
    distributedAt: ts("distributed_at"),
  },
  (t) => [uniqueIndex("reports_kind_period_key").on(t.kind, t.period)],
);

/** R12 / ISO 10002 9.4: a management review of a period, with what it decided. */
export const managementReviews = pgTable(
  "management_reviews",
  {
    id: uuid("id").primaryKey(),
    /** The period reviewed: "2026-10" (a month) or "2026-Q3". */
    period: text("period").notNull(),
    heldOn: date("held_on", { mode: "string" }).notNull(),
    attendees: jsonb("attendees").$type<string[]>().notNull(),
    reportId: uuid("report_id").references(() => reports.id),
    findings: text("findings").notNull(),
    createdAt: ts("created_at").notNull(),
    createdById: uuid("created_by_id").references(() => users.id),
    updatedAt: ts("updated_at").notNull(),
    version: integer("version").notNull().default(1),
  },
  (t) => [index("management_reviews_held_idx").on(t.heldOn)],
);

export type ReviewActionStatus = "open" | "done" | "dropped";

/** An action a review decided; the next review follows it up (done, dropped with a note, or still open). */
export const reviewActions = pgTable(
  "review_actions",
  {
    id: uuid("id").primaryKey(),
    reviewId: uuid("review_id")
      .notNull()
      .references(() => managementReviews.id),
    text: text("text").notNull(),
    ownerId: uuid("owner_id").references(() => users.id),
    dueDate: date("due_date", { mode: "string" }),
    status: text("status").$type<ReviewActionStatus>().notNull(),
    /** The CAPA this action opened, if it was one. */
    capaId: uuid("capa_id").references(() => capas.id),
    followUpNote: text("follow_up_note"),
    closedAt: ts("closed_at"),
  },
  (t) => [index("review_actions_review_idx").on(t.reviewId)],
);

/**
 * R13: the monthly quality sample of closed and archived cases, drawn reproducibly from a stored seed;
 * one per month (the unique key makes the scheduled draw exactly-once across instances).
 */
export const qualitySamples = pgTable("quality_samples", {
  id: uuid("id").primaryKey(),
  period: text("period").notNull().unique(),
  seed: text("seed").notNull(),
  /** How many cases were eligible, and how the size was set ("10" cases or "5%"). */
  population: integer("population").notNull(),
  rule: text("rule").notNull(),
  drawnAt: ts("drawn_at").notNull(),
  drawnById: uuid("drawn_by_id").references(() => users.id),
});

export type SampleChecklist = Partial<
  Record<
    | "fieldsComplete"
    | "deadlinesMetOrExplained"
    | "customerInformed"
    | "closureJustified"
    | "recordsAttached",
    boolean
  >
>;

export const sampleItems = pgTable(
  "sample_items",
  {
    id: uuid("id").primaryKey(),
    sampleId: uuid("sample_id")
      .notNull()
      .references(() => qualitySamples.id),
    caseId: uuid("case_id")
      .notNull()
      .references(() => cases.id),
    reviewerId: uuid("reviewer_id").references(() => users.id),
    checklist: jsonb("checklist").$type<SampleChecklist>(),
    outcome: text("outcome").$type<"pass" | "fail">(),
    notes: text("notes"),
    reviewedAt: ts("reviewed_at"),
    capaId: uuid("capa_id").references(() => capas.id),
    version: integer("version").notNull().default(1),
  },
  (t) => [
    uniqueIndex("sample_items_sample_case_key").on(t.sampleId, t.caseId),
    index("sample_items_reviewer_idx").on(t.reviewerId, t.reviewedAt),
  ],
);

/** R14: the procedures the organisation works by, with their review dates (and the document itself). */
export const procedures = pgTable(
  "procedures",
  {
    id: uuid("id").primaryKey(),
    title: text("title").notNull(),
    version: text("version").notNull(),
    effectiveDate: date("effective_date", { mode: "string" }).notNull(),
    reviewDate: date("review_date", { mode: "string" }).notNull(),
    ownerId: uuid("owner_id").references(() => users.id),
    /** The document, stored like attachments (attachment_blobs, by SHA-256). */
    fileSha256: text("file_sha256"),
    filename: text("filename"),
    contentType: text("content_type"),
    reviewRemindedAt: ts("review_reminded_at"),
    createdAt: ts("created_at").notNull(),
    updatedAt: ts("updated_at").notNull(),
    rowVersion: integer("row_version").notNull().default(1),
  },
  (t) => [index("procedures_review_idx").on(t.reviewDate)],
);

/** R14: staff feedback on the process itself (a short form), read by quality. */
export const processFeedback = pgTable(
  "process_feedback",
  {
    id: uuid("id").primaryKey(),
    authorId: uuid("author_id").references(() => users.id),
    area: text("area"),
    text: text("text").notNull(),
    createdAt: ts("created_at").notNull(),
    acknowledgedAt: ts("acknowledged_at"),
  },
  (t) => [index("process_feedback_created_idx").on(t.createdAt)],
);

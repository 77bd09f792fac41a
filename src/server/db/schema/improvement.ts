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

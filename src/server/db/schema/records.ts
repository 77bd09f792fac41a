import { sql } from "drizzle-orm";
import {
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
import { cases, customers } from "./cases.js";
import { users } from "./users.js";

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

/**
 * R10 / S2 §4.3: the archive register — who archived which case when, and the SHA-256 of the case-file
 * bundle (case, history, correspondence, attachments as one zip) made at that moment. The bundle's bytes
 * are kept in `attachment_blobs` under that hash, so the file an auditor downloads is the one registered.
 * A re-bundling after an erasure adds a row; disposal removes the bytes and stamps `bundle_disposed_at`.
 */
export const archiveRegister = pgTable(
  "archive_register",
  {
    id: uuid("id").primaryKey(),
    caseId: uuid("case_id")
      .notNull()
      .references(() => cases.id),
    reference: text("reference").notNull(),
    /** "archived", or "rebundled" after personal data in the archived file was erased. */
    event: text("event").$type<"archived" | "rebundled">().notNull(),
    at: ts("at").notNull(),
    byId: uuid("by_id").references(() => users.id),
    /** The actor's source: "token:…", "session", "scheduler" (automatic archiving). */
    source: text("source").notNull(),
    reason: text("reason"),
    bundleSha256: text("bundle_sha256").notNull(),
    bundleBytes: integer("bundle_bytes").notNull(),
    bundleDisposedAt: ts("bundle_disposed_at"),
  },
  (t) => [index("archive_register_at_idx").on(t.at), index("archive_register_case_idx").on(t.caseId)],
);

/** R10 / GDPR Art 17(3)(e): a legal hold stops disposal and erasure of its case until released. */
export const legalHolds = pgTable(
  "legal_holds",
  {
    id: uuid("id").primaryKey(),
    caseId: uuid("case_id")
      .notNull()
      .references(() => cases.id),
    reason: text("reason").notNull(),
    placedAt: ts("placed_at").notNull(),
    placedById: uuid("placed_by_id").references(() => users.id),
    releasedAt: ts("released_at"),
    releasedById: uuid("released_by_id").references(() => users.id),
    releaseReason: text("release_reason"),
  },
  (t) => [
    uniqueIndex("legal_holds_active_key").on(t.caseId).where(sql`${t.releasedAt} IS NULL`),
    index("legal_holds_placed_idx").on(t.placedAt),
  ],
);

/**
 * R10: cases past retention, listed by the scheduled job for a records user to approve (or not). The
 * primary key makes the listing exactly-once across instances; `disposed_at` is set when it is done.
 */
export const disposalQueue = pgTable(
  "disposal_queue",
  {
    caseId: uuid("case_id")
      .primaryKey()
      .references(() => cases.id),
    listedAt: ts("listed_at").notNull(),
    retainUntil: ts("retain_until").notNull(),
    /** The retention rule that made it due, in words ("complaint: 6 years from closure"). */
    rule: text("rule").notNull(),
    policyVersion: integer("policy_version").notNull(),
    disposedAt: ts("disposed_at"),
  },
  (t) => [index("disposal_queue_pending_idx").on(t.listedAt).where(sql`${t.disposedAt} IS NULL`)],
);

/**
 * R10 / GDPR Art 5(2): the disposal register — what was disposed, when, by whom, under which rule and
 * approval. One row per case (the unique key makes a disposal exactly-once); it holds no personal data.
 */
export const disposalRegister = pgTable(
  "disposal_register",
  {
    id: uuid("id").primaryKey(),
    batchId: uuid("batch_id").notNull(),
    caseId: uuid("case_id")
      .notNull()
      .references(() => cases.id),
    reference: text("reference").notNull(),
    caseType: text("case_type").notNull(),
    closedAt: ts("closed_at"),
    retainUntil: ts("retain_until").notNull(),
    rule: text("rule").notNull(),
    policyVersion: integer("policy_version").notNull(),
    reason: text("reason").notNull(),
    disposedAt: ts("disposed_at").notNull(),
    disposedById: uuid("disposed_by_id").references(() => users.id),
    /** What was removed: counts of texts, messages, files, audit values. */
    removed: jsonb("removed").$type<Record<string, number>>().notNull(),
  },
  (t) => [
    uniqueIndex("disposal_register_case_key").on(t.caseId),
    index("disposal_register_at_idx").on(t.disposedAt),
    index("disposal_register_batch_idx").on(t.batchId),
  ],
);

export type DataRequestKind = "access" | "erasure";
export type DataRequestStatus = "open" | "done" | "refused";

/**
 * R11 / GDPR Art 12(3): the register of data subjects' requests — received, due one month later, and
 * how each was answered. Kept after an erasure (Art 5(2) accountability); the note is personal data.
 */
export const dataRequests = pgTable(
  "data_requests",
  {
    id: uuid("id").primaryKey(),
    kind: text("kind").$type<DataRequestKind>().notNull(),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id),
    receivedAt: ts("received_at").notNull(),
    dueAt: ts("due_at").notNull(),
    status: text("status").$type<DataRequestStatus>().notNull(),
    note: text("note"), // personal
    /** What was done, or why it was refused (the Art 17(3) ground). */
    outcome: text("outcome"),
    decidedAt: ts("decided_at"),
    decidedById: uuid("decided_by_id").references(() => users.id),
    createdAt: ts("created_at").notNull(),
    createdById: uuid("created_by_id").references(() => users.id),
  },
  (t) => [
    index("data_requests_status_due_idx").on(t.status, t.dueAt),
    index("data_requests_customer_idx").on(t.customerId),
  ],
);

/**
 * R2: the cases a legacy log brought in. `row_key` (a digest of the row's values and its occurrence in
 * the file) is unique, so importing the same file again imports nothing twice.
 */
export const caseImports = pgTable(
  "case_imports",
  {
    caseId: uuid("case_id")
      .primaryKey()
      .references(() => cases.id),
    importId: uuid("import_id").notNull(),
    rowKey: text("row_key").notNull(),
    fileName: text("file_name").notNull(),
    fileSha256: text("file_sha256").notNull(),
    rowNumber: integer("row_number").notNull(),
    /** The handler as the old log named them (staff, not the customer). */
    handler: text("handler"),
    importedAt: ts("imported_at").notNull(),
    importedById: uuid("imported_by_id").references(() => users.id),
  },
  (t) => [uniqueIndex("case_imports_row_key").on(t.rowKey), index("case_imports_import_idx").on(t.importId)],
);

/**
 * Work done once per period (the nightly audit verification, the daily backup, the disposal listing):
 * the instance that inserts the row does it, so several instances do it exactly once.
 */
export const scheduledRuns = pgTable(
  "scheduled_runs",
  {
    job: text("job").notNull(),
    period: text("period").notNull(),
    startedAt: ts("started_at").notNull(),
    finishedAt: ts("finished_at"),
    result: jsonb("result").$type<Record<string, unknown>>(),
  },
  (t) => [primaryKey({ columns: [t.job, t.period] })],
);

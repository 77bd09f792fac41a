import { and, desc, eq, inArray, isNull } from "drizzle-orm";
import { v7 as uuidv7 } from "uuid";
import type { MonthlyReport } from "../../shared/reports.schema.js";
import type { Db } from "../db/client.js";
import { reports } from "../db/schema/index.js";

export const MONTHLY = "monthly";

export type ReportRow = typeof reports.$inferSelect;

export async function findReport(db: Db, period: string): Promise<ReportRow | undefined> {
  const [row] = await db
    .select()
    .from(reports)
    .where(and(eq(reports.kind, MONTHLY), eq(reports.period, period)));
  return row;
}

/** The archived figures of several months at once (comparisons and half-years). */
export async function findReports(db: Db, periods: string[]): Promise<Map<string, MonthlyReport>> {
  if (periods.length === 0) return new Map();
  const rows = await db
    .select({ period: reports.period, figures: reports.figures })
    .from(reports)
    .where(and(eq(reports.kind, MONTHLY), inArray(reports.period, periods)));
  return new Map(rows.map((r) => [r.period, r.figures as MonthlyReport]));
}

/**
 * Stores a generated report unless one is already there: the unique (kind, period) key with
 * ON CONFLICT DO NOTHING makes generation exactly-once across instances. Returns the row inserted, or
 * undefined when another generation got there first.
 */
export async function insertReport(
  db: Db,
  report: MonthlyReport,
  generatedAt: Date,
  generatedById: string | null,
): Promise<ReportRow | undefined> {
  const [row] = await db
    .insert(reports)
    .values({
      id: uuidv7(),
      kind: MONTHLY,
      period: report.month,
      figures: report,
      generatedAt,
      generatedById,
    })
    .onConflictDoNothing()
    .returning();
  return row;
}

/** Claims a report's distribution: only one caller gets the row back (the row lock decides). */
export async function claimDistribution(db: Db, id: string, at: Date): Promise<boolean> {
  const claimed = await db
    .update(reports)
    .set({ distributedAt: at })
    .where(and(eq(reports.id, id), isNull(reports.distributedAt)))
    .returning({ id: reports.id });
  return claimed.length > 0;
}

export async function listReports(db: Db, limit: number): Promise<Omit<ReportRow, "figures">[]> {
  return db
    .select({
      id: reports.id,
      kind: reports.kind,
      period: reports.period,
      generatedAt: reports.generatedAt,
      generatedById: reports.generatedById,
      distributedAt: reports.distributedAt,
    })
    .from(reports)
    .orderBy(desc(reports.period), reports.kind)
    .limit(limit);
}

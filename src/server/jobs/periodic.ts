import { sql } from "drizzle-orm";
import { type Db, queryRows } from "../db/client.js";

/**
 * Work done once per period (a day's backup, the nightly audit verification): the instance whose insert
 * of (job, period) succeeds does it, so several instances do it exactly once. A run that started more than
 * `staleMs` ago and never finished (its process died) may be taken over.
 */
export async function claimPeriod(
  db: Db,
  job: string,
  period: string,
  now: Date,
  staleMs: number,
): Promise<boolean> {
  const stale = new Date(now.getTime() - staleMs);
  const rows = await queryRows<{ job: string }>(
    db,
    sql`INSERT INTO scheduled_runs (job, period, started_at) VALUES (${job}, ${period}, ${now})
        ON CONFLICT (job, period) DO UPDATE SET started_at = EXCLUDED.started_at
        WHERE scheduled_runs.finished_at IS NULL AND scheduled_runs.started_at < ${stale}
        RETURNING job`,
  );
  return rows.length > 0;
}

export async function finishPeriod(
  db: Db,
  job: string,
  period: string,
  now: Date,
  result: Record<string, unknown>,
): Promise<void> {
  await db.execute(
    sql`UPDATE scheduled_runs SET finished_at = ${now}, result = ${JSON.stringify(result)}::jsonb
        WHERE job = ${job} AND period = ${period}`,
  );
}

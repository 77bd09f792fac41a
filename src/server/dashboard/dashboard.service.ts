import { DateTime } from "luxon";
import { SEED_STATUSES, type Status, seedStatusOf } from "../../shared/enums.js";
import type { Ctx } from "../context.js";
import {
  capaAttention,
  countDue,
  followUpsPending,
  openByStatusAndLevel,
  receivedPerWeek,
  workloadByOwner,
} from "./dashboard.queries.js";

const WEEKS = 12;

/**
 * The manager's Monday morning (SOP 002 §4.3): what is open at which level, what is late or about to be,
 * who carries what, how many came in each week, and what the improvement loop is waiting on. Counts
 * only: each links to the list behind it (`links` are the case-list queries that give the same cases).
 */
export async function dashboard(ctx: Ctx) {
  const now = ctx.clock.now();
  const { calendar } = await ctx.settings.current(ctx.db, now.getTime());
  const zone = calendar.body.timezone;
  const local = DateTime.fromJSDate(now, { zone });
  const since = local
    .startOf("week")
    .minus({ weeks: WEEKS - 1 })
    .toJSDate();
  const [byStatus, dueSoon, breached, workload, weeks, followUps, capas] = await Promise.all([
    openByStatusAndLevel(ctx.db),
    countDue(ctx.db, "soon", now),
    countDue(ctx.db, "breached", now),
    workloadByOwner(ctx.db, now),
    receivedPerWeek(ctx.db, since, zone),
    followUpsPending(ctx.db, now),
    capaAttention(ctx.db, local.toISODate()!),
  ]);
  const seeds = { open: 0, in_progress: 0 };
  const levels = { 1: 0, 2: 0, 3: 0 };
  for (const row of byStatus) {
    const seed = seedStatusOf(row.status as Status);
    if (seed !== "closed") seeds[seed] += row.n;
    levels[row.level as 1 | 2 | 3] += row.n;
  }
  const perWeek = new Map(weeks.map((w) => [w.week, w.n]));
  return {
    at: now.toISOString(),
    timezone: zone,
    open: {
      bySeedStatus: seeds,
      byStatus: Object.fromEntries(
        [...SEED_STATUSES.open, ...SEED_STATUSES.in_progress].map((s) => [
          s,
          byStatus.filter((r) => r.status === s).reduce((sum, r) => sum + r.n, 0),
        ]),
      ),
      byLevel: levels,
    },
    deadlines: { dueSoon, breached },
    workload: workload.map((w) => ({
      ownerId: w.owner_id,
      name: w.name,
      open: w.open,
      breached: w.breached,
    })),
    receivedPerWeek: Array.from({ length: WEEKS }, (_, i) => {
      const week = local
        .startOf("week")
        .minus({ weeks: WEEKS - 1 - i })
        .toISODate()!;
      return { weekStarting: week, received: perWeek.get(week) ?? 0 };
    }),
    followUps,
    capas: { overdue: capas.overdue, checksDue: capas.checks_due },
    links: {
      open: "/api/v1/cases?status=open",
      inProgress: "/api/v1/cases?status=in_progress",
      dueSoon: "/api/v1/cases?due=soon",
      breached: "/api/v1/cases?due=breached",
      level: "/api/v1/cases?status=open,in_progress&level={level}",
      owner: "/api/v1/cases?status=open,in_progress&owner={ownerId}",
      capasOverdue: "/api/v1/capas?due=overdue",
      capaChecksDue: "/api/v1/capas?due=check",
    },
  };
}

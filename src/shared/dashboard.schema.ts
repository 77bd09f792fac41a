import { z } from "zod";

const count = z.number().int();

export const dashboardSchema = z
  .object({
    at: z.iso.datetime(),
    timezone: z.string(),
    open: z.object({
      bySeedStatus: z.object({ open: count, in_progress: count }),
      byStatus: z.record(z.string(), count),
      byLevel: z.object({ 1: count, 2: count, 3: count }),
    }),
    deadlines: z.object({ dueSoon: count, breached: count }),
    workload: z.array(
      z.object({ ownerId: z.uuid().nullable(), name: z.string().nullable(), open: count, breached: count }),
    ),
    receivedPerWeek: z.array(z.object({ weekStarting: z.iso.date(), received: count })),
    followUps: z.object({ pending: count, overdue: count }),
    capas: z.object({ overdue: count, checksDue: count }),
    /** The list behind each number (`{level}`, `{ownerId}`: fill in; an unassigned owner is `none`). */
    links: z.record(z.string(), z.string()),
  })
  .meta({ id: "Dashboard" });

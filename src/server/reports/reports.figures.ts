// Turns the rows of the report queries into the figures of one month (PeriodFigures), keyed by the API's
// enum values with every key present (zero when nothing), so that months compare key by key.
import { CASE_TYPES, CHANNELS, SEVERITIES } from "../../shared/enums.js";
import {
  AGE_BUCKETS,
  type Breakdown,
  CAPA_STATUSES,
  ESCALATION_CAUSES,
  type PeriodFigures,
  type RegulatoryFigures,
  type StepTimeliness,
  UNASSESSED,
  UNCATEGORISED,
} from "../../shared/reports.schema.js";
import type { Db } from "../db/client.js";
import {
  readCapaFigures,
  readCustomersAndCauses,
  readEscalations,
  readFeedbackFigures,
} from "./reports.activity.queries.js";
import {
  type CaseFiguresRow,
  readCaseFigures,
  type StepRow,
  withReportSettings,
} from "./reports.cases.queries.js";
import type { MonthPeriod } from "./reports.period.js";
import { type BusinessTimeline, businessMinutesAt } from "./reports.timeline.js";

export const percent = (part: number, whole: number): number | null =>
  whole > 0 ? Math.round((1000 * part) / whole) / 10 : null;
const round2 = (value: number | null): number | null =>
  value === null ? null : Math.round(value * 100) / 100;
const zeros = <K extends string>(keys: readonly K[]): Record<K, number> =>
  Object.fromEntries(keys.map((key) => [key, 0])) as Record<K, number>;

function breakdownsOf(dims: CaseFiguresRow["dims"]): { received: Breakdown; closed: Breakdown } {
  const empty = (): Breakdown => ({
    total: 0,
    byType: zeros(CASE_TYPES),
    byChannel: zeros(CHANNELS),
    byCategory: {},
    bySeverity: zeros([...SEVERITIES, UNASSESSED]),
  });
  const result = { received: empty(), closed: empty() };
  for (const { dim, key, received, closed } of dims) {
    for (const [breakdown, n] of [
      [result.received, received],
      [result.closed, closed],
    ] as const) {
      if (n === 0) continue;
      if (dim === "type") {
        breakdown.byType[key as keyof Breakdown["byType"]] = n;
        breakdown.total += n;
      } else if (dim === "channel") breakdown.byChannel[key as keyof Breakdown["byChannel"]] = n;
      else if (dim === "severity")
        breakdown.bySeverity[(key ?? UNASSESSED) as keyof Breakdown["bySeverity"]] = n;
      else breakdown.byCategory[key ?? UNCATEGORISED] = n;
    }
  }
  return result;
}

type RegulatoryCounts = Omit<RegulatoryFigures, "closed" | "upheldPercent">;

/** `closed` and `upheldPercent` follow from the counts (also when months are added into a half-year). */
export function regulatoryTotals(counts: RegulatoryCounts): RegulatoryFigures {
  const closed = counts.within3BusinessDays + counts.after3BusinessDaysWithin8Weeks + counts.after8Weeks;
  const withOutcome = counts.upheld + counts.partlyUpheld + counts.notUpheld;
  return {
    ...counts,
    closed,
    upheldPercent: percent(counts.upheld + counts.partlyUpheld, withOutcome),
  };
}

function stepOf(row: StepRow): StepTimeliness {
  const hours = (minutes: number | null) => (minutes === null ? null : round2(minutes / 60));
  return {
    count: row.count,
    medianBusinessHours: hours(row.median),
    p90BusinessHours: hours(row.p90),
    met: row.met,
    missed: row.missed,
    compliancePercent: percent(row.met, row.met + row.missed),
  };
}

function topCategoriesOf(received: Breakdown): PeriodFigures["topCategories"] {
  return Object.entries(received.byCategory)
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
    .slice(0, 5)
    .map(([category, count]) => ({ category, count, sharePercent: percent(count, received.total) }));
}

/** R12: the figures of one month, computed from the database (not the archive). */
export async function computePeriodFigures(
  db: Db,
  period: MonthPeriod,
  now: Date,
  timeline: BusinessTimeline,
  timezone: string,
): Promise<PeriodFigures> {
  const asOf = new Date(Math.min(period.end.getTime(), now.getTime()));
  // On PostgreSQL these run side by side on the pool's connections; PGlite takes them in turn.
  const [cases, others, escalations, capa, feedback] = await Promise.all([
    withReportSettings(db, (tx) =>
      readCaseFigures(tx, period, asOf, timeline, businessMinutesAt(timeline, asOf), timezone),
    ),
    withReportSettings(db, (tx) => readCustomersAndCauses(tx, period)),
    readEscalations(db, period),
    readCapaFigures(db, period),
    readFeedbackFigures(db, period),
  ]);
  const { received, closed } = breakdownsOf(cases.dims);
  const byLevel = zeros(["1", "2", "3"] as const);
  const byAge = zeros(AGE_BUCKETS);
  for (const r of cases.backlog) {
    if (r.dim === "level") byLevel[r.key as keyof typeof byLevel] = r.n;
    else byAge[r.key as keyof typeof byAge] = r.n;
  }
  const escalationsByLevel = zeros(["2", "3"] as const);
  const byCause = zeros(ESCALATION_CAUSES);
  for (const e of escalations) {
    if (e.level in escalationsByLevel) escalationsByLevel[e.level as "2" | "3"] += e.n;
    if (e.cause in byCause) byCause[e.cause as keyof typeof byCause] += e.n;
  }
  return {
    month: period.month,
    received,
    closed,
    timeliness: {
      acknowledge: stepOf(cases.acknowledge),
      assign: stepOf(cases.assign),
      resolve: stepOf(cases.resolve),
    },
    escalations: {
      total: escalationsByLevel["2"] + escalationsByLevel["3"],
      byLevel: escalationsByLevel,
      byCause,
    },
    backlog: {
      asOf: asOf.toISOString(),
      total: Object.values(byLevel).reduce((a, b) => a + b, 0),
      byAge,
      byLevel,
    },
    topCategories: topCategoriesOf(received),
    topRootCauses: others.rootCauses,
    repeatCustomers: others.repeat,
    capa: {
      byStatus: Object.fromEntries(CAPA_STATUSES.map((s) => [s, capa.byStatus[s] ?? 0])) as Record<
        (typeof CAPA_STATUSES)[number],
        number
      >,
      opened: capa.opened,
      effectivenessChecked: capa.checked,
      effective: capa.effective,
    },
    feedback: {
      responses: feedback.responses,
      meanSatisfaction: round2(feedback.satisfaction),
      resolvedPercent: feedback.resolved === null ? null : Math.round(feedback.resolved * 10) / 10,
      meanHandling: round2(feedback.handling),
    },
    regulatory: regulatoryTotals({
      received: received.byType.complaint,
      within3BusinessDays: cases.regulatory.within3,
      after3BusinessDaysWithin8Weeks: cases.regulatory.within8w,
      after8Weeks: cases.regulatory.after8w,
      upheld: cases.regulatory.upheld,
      partlyUpheld: cases.regulatory.partly,
      notUpheld: cases.regulatory.notUpheld,
      redressMinor: Object.fromEntries(cases.regulatory.redress.map((r) => [r.currency, r.amount])),
    }),
  };
}

import { randomBytes } from "node:crypto";
import { v7 as uuidv7 } from "uuid";
import { CHECKLIST_ITEMS, type SampleCheckInput } from "../../shared/quality.schema.js";
import { appendAudit } from "../audit/audit.service.js";
import { raiseCapa } from "../capa/capa.service.js";
import type { Ctx } from "../context.js";
import type { Db } from "../db/client.js";
import { transact } from "../db/transact.js";
import { AppError, notFound } from "../errors.js";
import { assertMonthOver, monthRange, previousMonth } from "./quality.period.js";
import { drawSample, sampleSize } from "./sampling.draw.js";
import {
  capaReferences,
  closedInPeriod,
  findSample,
  insertSample,
  insertSampleItems,
  itemsOfSample,
  listSamples,
  lockSampleItem,
  referenceOfCase,
  type SampleRow,
  samplers,
  updateSampleItem,
} from "./sampling.queries.js";

const sampleNotFound = (month: string) =>
  notFound(
    `a quality sample for ${month}`,
    "draw it with POST /api/v1/samples, or list them with GET /api/v1/samples",
  );

/**
 * R13: draws the month's sample (default: last month) from the cases closed in it, with a fresh random
 * seed kept for reproduction, and shares the cases out among quality staff and managers in turn. Once
 * per month: a second draw answers 409 (the scheduled job just finds it done).
 */
export async function drawMonthlySample(
  ctx: Ctx,
  requested?: string | null,
): Promise<{ month: string; drawn: boolean }> {
  return transact(ctx, (tx) => drawInTransaction(tx, ctx, requested));
}

async function drawInTransaction(
  tx: Db,
  ctx: Ctx,
  requested?: string | null,
): Promise<{ month: string; drawn: boolean }> {
  const now = ctx.clock.now();
  const { calendar, policy } = await ctx.settings.current(tx, now.getTime());
  const zone = calendar.body.timezone;
  const month = requested ?? previousMonth(now, zone);
  assertMonthOver(month, now, zone);
  if (await findSample(tx, month)) return { month, drawn: false };
  const { start, end } = monthRange(month, zone);
  const population = await closedInPeriod(tx, start, end);
  const rule = policy.body.sampling;
  const seed = randomBytes(16).toString("hex");
  const sample: SampleRow = {
    id: uuidv7(),
    period: month,
    seed,
    population: population.length,
    rule: rule.rule === "count" ? `${rule.value} cases` : `${rule.value}% of cases`,
    drawnAt: now,
    drawnById: ctx.actor.userId,
  };
  if (!(await insertSample(tx, sample))) return { month, drawn: false };
  const chosen = drawSample(population, seed, sampleSize(rule, population.length));
  const reviewers = await samplers(tx);
  await insertSampleItems(
    tx,
    chosen.map((caseId, i) => ({
      id: uuidv7(),
      sampleId: sample.id,
      caseId,
      reviewerId: reviewers.length ? reviewers[i % reviewers.length]! : null,
    })),
  );
  await appendAudit(tx, ctx.actor, now, {
    stream: `sample:${sample.id}`,
    action: "sample.drawn",
    changes: {
      month: { new: month },
      seed: { new: seed },
      population: { new: population.length },
      rule: { new: sample.rule },
      cases: { new: chosen },
    },
  });
  return { month, drawn: true };
}

/** The scheduled draw: last month's sample, once, whichever instance gets there first. */
export async function drawDueSample(ctx: Ctx): Promise<boolean> {
  return (await drawMonthlySample(ctx)).drawn;
}

/** `POST /samples`: the draw and the answer in one `transact` (its Idempotency-Key replays the sample). */
export async function drawSampleByHand(ctx: Ctx, month?: string | null) {
  return transact(ctx, async (tx) => {
    const result = await drawInTransaction(tx, ctx, month);
    if (!result.drawn) {
      throw new AppError(
        "sample_exists",
        409,
        `the sample for ${result.month} was already drawn; see it with GET /api/v1/samples/${result.month}`,
      );
    }
    return getSample(ctx, result.month, tx);
  });
}

export async function getSample(ctx: Ctx, month: string, db: Db = ctx.db) {
  const sample = await findSample(db, month);
  if (!sample) throw sampleNotFound(month);
  const items = await itemsOfSample(db, sample.id);
  const capaRefs = await capaReferences(
    db,
    items.map((i) => i.item.capaId).filter((id): id is string => id !== null),
  );
  return {
    id: sample.id,
    month: sample.period,
    seed: sample.seed,
    rule: sample.rule,
    population: sample.population,
    drawnAt: sample.drawnAt.toISOString(),
    items: items.map(({ item, reference, summary, reviewerName }) => ({
      id: item.id,
      caseReference: reference,
      summary,
      reviewerId: item.reviewerId,
      reviewerName,
      checklist: item.checklist ?? null,
      outcome: item.outcome,
      notes: item.notes,
      reviewedAt: item.reviewedAt?.toISOString() ?? null,
      capaReference: item.capaId ? (capaRefs.get(item.capaId) ?? null) : null,
      version: item.version,
    })),
    summary: {
      pending: items.filter((i) => !i.item.outcome).length,
      passed: items.filter((i) => i.item.outcome === "pass").length,
      failed: items.filter((i) => i.item.outcome === "fail").length,
    },
  };
}

/** R13: a sampled case checked: passes only when every check holds; a failure may raise a CAPA. */
export async function checkSampledCase(ctx: Ctx, month: string, itemId: string, input: SampleCheckInput) {
  return transact(ctx, async (tx) => {
    const sample = await findSample(tx, month);
    if (!sample) throw sampleNotFound(month);
    const item = await lockSampleItem(tx, sample.id, itemId);
    if (!item) throw notFound(`item ${itemId} of the ${month} sample`, "list the sample's items with GET");
    if (item.outcome) {
      throw new AppError("already_checked", 409, `this sampled case was already checked (${item.outcome})`);
    }
    const outcome = CHECKLIST_ITEMS.every((k) => input.checklist[k]) ? "pass" : "fail";
    if (input.capa && outcome === "pass") {
      throw new AppError(
        "capa_on_pass",
        409,
        "every check passed: a CAPA is raised only from a failed check",
      );
    }
    const reference = await referenceOfCase(tx, item.caseId);
    const capa = input.capa ? await raiseCapa(tx, ctx, { ...input.capa, caseReferences: [reference] }) : null;
    const now = ctx.clock.now();
    const patch = {
      checklist: input.checklist,
      outcome,
      notes: input.notes ?? null,
      reviewedAt: now,
      reviewerId: ctx.actor.userId,
      capaId: capa?.id ?? null,
      version: item.version + 1,
    } as const;
    await updateSampleItem(tx, item.id, patch);
    await appendAudit(tx, ctx.actor, now, {
      stream: `sample:${sample.id}`,
      action: "sample.case_checked",
      changes: {
        case: { new: reference },
        checklist: { new: input.checklist },
        outcome: { new: outcome },
        ...(input.notes ? { notes: { new: input.notes } } : {}),
        ...(capa ? { capa: { new: capa.reference } } : {}),
      },
      personal: ["notes"],
    });
    return getSample(ctx, month, tx);
  });
}

export async function listQualitySamples(ctx: Ctx, limit: number) {
  const rows = await listSamples(ctx.db, limit);
  return { items: await Promise.all(rows.map((r) => getSample(ctx, r.period))) };
}

import { DateTime } from "luxon";
import { v7 as uuidv7 } from "uuid";
import type {
  CapaView,
  CreateCapaInput,
  EffectivenessInput,
  ListCapasQuery,
  UpdateCapaInput,
} from "../../shared/capa.schema.js";
import { appendAudit, type Change } from "../audit/audit.service.js";
import { hiddenStatuses } from "../cases/cases.policy.js";
import type { Ctx } from "../context.js";
import type { Db } from "../db/client.js";
import { transact } from "../db/transact.js";
import { AppError, type FieldError, invalid, notFound } from "../errors.js";
import { findUserById } from "../users/users.queries.js";
import {
  type CapaRow,
  type CapaWithOwner,
  casesOfCapas,
  findCapa,
  findCasesByReferences,
  insertCapa,
  linkCapaCases,
  listCapaPage,
  lockCapa,
  nextCapaReference,
  rootCauseGroups,
  updateCapa,
} from "./capa.queries.js";
import { capaCheckDue, capaOverdue, nextStatusProblem } from "./capa.rules.js";

const CAPA_PERSONAL = ["description", "rootCause", "effectivenessEvidence", "lessonsLearned"];

/** Today's date where the organisation is: due dates are calendar dates there. */
async function todayOf(ctx: Ctx, db: Db): Promise<string> {
  const now = ctx.clock.now();
  const { calendar } = await ctx.settings.current(db, now.getTime());
  return DateTime.fromJSDate(now, { zone: calendar.body.timezone }).toISODate()!;
}

async function toViews(ctx: Ctx, db: Db, rows: CapaWithOwner[]): Promise<CapaView[]> {
  const today = await todayOf(ctx, db);
  const hidden = hiddenStatuses(ctx.actor);
  const linked = await casesOfCapas(
    db,
    rows.map((r) => r.capa.id),
  );
  return rows.map(({ capa, ownerName }) => ({
    id: capa.id,
    reference: capa.reference,
    title: capa.title,
    description: capa.description,
    status: capa.status,
    rootCauseCategory: capa.rootCauseCategory,
    rootCause: capa.rootCause,
    ownerId: capa.ownerId,
    ownerName,
    dueDate: capa.dueDate,
    overdue: capaOverdue(capa, today),
    effectivenessCheckDate: capa.effectivenessCheckDate,
    checkDue: capaCheckDue(capa, today),
    effectivenessResult: capa.effectivenessResult,
    effectivenessEvidence: capa.effectivenessEvidence,
    checkedAt: capa.checkedAt?.toISOString() ?? null,
    lessonsLearned: capa.lessonsLearned,
    cases: linked
      .filter((l) => l.capaId === capa.id && !hidden.includes(l.status))
      .map(({ reference, summary, status }) => ({ reference, summary, status })),
    createdAt: capa.createdAt.toISOString(),
    updatedAt: capa.updatedAt.toISOString(),
    version: capa.version,
  }));
}

/** The ids of the referenced cases; every unknown (or, for this caller, invisible) one is a field error. */
async function resolveCaseReferences(ctx: Ctx, db: Db, references: string[]): Promise<string[]> {
  const unique = [...new Set(references)];
  const found = await findCasesByReferences(db, unique);
  const hidden = hiddenStatuses(ctx.actor);
  const visible = new Map(found.filter((c) => !hidden.includes(c.status)).map((c) => [c.reference, c.id]));
  const errors: FieldError[] = references
    .map((reference, i) => ({ reference, i }))
    .filter(({ reference }) => !visible.has(reference))
    .map(({ reference, i }) => ({
      field: `caseReferences.${i}`,
      message: `no case ${reference}; check the reference, e.g. CMP-2026-000042`,
    }));
  if (errors.length) throw invalid(errors);
  return unique.map((reference) => visible.get(reference)!);
}

async function assertOwner(db: Db, ownerId: string | null | undefined): Promise<void> {
  if (!ownerId) return;
  const user = await findUserById(db, ownerId);
  if (user?.active !== 1) {
    throw invalid([
      { field: "ownerId", message: "is not an active user; list users with GET /api/v1/users" },
    ]);
  }
}

function checkDates(dueDate: string, checkDate: string | null | undefined): void {
  if (checkDate && checkDate < dueDate) {
    throw invalid([
      {
        field: "effectivenessCheckDate",
        message: `is before the due date ${dueDate}: effectiveness is checked after the action is done`,
      },
    ]);
  }
}

async function audit(tx: Db, ctx: Ctx, capa: CapaRow, action: string, changes: Record<string, Change>) {
  await appendAudit(tx, ctx.actor, ctx.clock.now(), {
    stream: `capa:${capa.id}`,
    action,
    changes,
    personal: CAPA_PERSONAL,
  });
}

async function viewOf(ctx: Ctx, db: Db, reference: string): Promise<CapaView> {
  const row = await findCapa(db, reference);
  if (!row) throw notFound(`CAPA ${reference}`, "check the reference, e.g. CAPA-2026-0001");
  return (await toViews(ctx, db, [row]))[0]!;
}

export function getCapa(ctx: Ctx, reference: string): Promise<CapaView> {
  return viewOf(ctx, ctx.db, reference);
}

/** R6: raise a CAPA from one or more cases; audited on its own stream. */
export async function createCapa(ctx: Ctx, input: CreateCapaInput): Promise<CapaView> {
  return transact(ctx, async (tx) => viewOf(ctx, tx, (await raiseCapa(tx, ctx, input)).reference));
}

/** The work of {@link createCapa} in the caller's transaction (a review or a failed sample raises one too). */
export async function raiseCapa(tx: Db, ctx: Ctx, input: CreateCapaInput): Promise<CapaRow> {
  checkDates(input.dueDate, input.effectivenessCheckDate);
  const caseIds = await resolveCaseReferences(ctx, tx, input.caseReferences);
  await assertOwner(tx, input.ownerId);
  const now = ctx.clock.now();
  const { calendar } = await ctx.settings.current(tx, now.getTime());
  const reference = await nextCapaReference(
    tx,
    DateTime.fromJSDate(now, { zone: calendar.body.timezone }).year,
  );
  const row: CapaRow = {
    id: uuidv7(),
    reference,
    title: input.title,
    description: input.description ?? null,
    rootCauseCategory: input.rootCauseCategory ?? null,
    rootCause: input.rootCause ?? null,
    ownerId: input.ownerId ?? null,
    dueDate: input.dueDate,
    status: "open",
    effectivenessCheckDate: input.effectivenessCheckDate ?? null,
    effectivenessResult: null,
    effectivenessEvidence: null,
    checkedAt: null,
    checkedById: null,
    lessonsLearned: null,
    createdAt: now,
    createdById: ctx.actor.userId,
    updatedAt: now,
    version: 1,
  };
  await insertCapa(tx, row);
  await linkCapaCases(tx, row.id, caseIds);
  const { id: _id, ...fields } = row;
  await audit(tx, ctx, row, "capa.created", {
    ...Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, { new: v }])),
    caseReferences: { new: input.caseReferences },
  });
  return row;
}

async function openCapaForChange(tx: Db, reference: string, expectedVersion?: number): Promise<CapaRow> {
  const row = await lockCapa(tx, reference);
  if (!row) throw notFound(`CAPA ${reference}`, "check the reference, e.g. CAPA-2026-0001");
  if (expectedVersion !== undefined && expectedVersion !== row.version) {
    throw new AppError(
      "version_conflict",
      412,
      `${reference} has changed since you read it (you have version ${expectedVersion}, it is now ${row.version}); reload it and try again`,
      { currentVersion: row.version },
    );
  }
  return row;
}

async function save(tx: Db, ctx: Ctx, row: CapaRow, action: string, patch: Partial<CapaRow>) {
  const changes: Record<string, Change> = {};
  for (const [key, value] of Object.entries(patch)) {
    const old = row[key as keyof CapaRow];
    if (old !== value) changes[key] = { old, new: value };
  }
  if (Object.keys(changes).length === 0) return;
  await updateCapa(tx, row.id, { ...patch, version: row.version + 1, updatedAt: ctx.clock.now() });
  await audit(tx, ctx, row, action, changes);
}

export async function updateCapaRecord(
  ctx: Ctx,
  reference: string,
  input: UpdateCapaInput,
  expectedVersion?: number,
): Promise<CapaView> {
  return transact(ctx, async (tx) => {
    const row = await openCapaForChange(tx, reference, expectedVersion);
    if (input.status && input.status !== row.status) {
      const problem = nextStatusProblem(row, input.status);
      if (problem)
        throw new AppError("capa_status", 409, `${reference}: ${problem}`, { currentStatus: row.status });
    }
    const patch = Object.fromEntries(
      Object.entries(input).filter(([, value]) => value !== undefined),
    ) as Partial<CapaRow>;
    checkDates(patch.dueDate ?? row.dueDate, patch.effectivenessCheckDate ?? row.effectivenessCheckDate);
    if (input.ownerId) await assertOwner(tx, input.ownerId);
    if (patch.status === "implemented" && !(patch.effectivenessCheckDate ?? row.effectivenessCheckDate)) {
      throw invalid([
        {
          field: "effectivenessCheckDate",
          message: "is needed to mark it implemented: when will it be checked?",
        },
      ]);
    }
    await save(tx, ctx, row, "capa.updated", patch);
    return viewOf(ctx, tx, reference);
  });
}

export async function linkCases(ctx: Ctx, reference: string, references: string[]): Promise<CapaView> {
  return transact(ctx, async (tx) => {
    const row = await openCapaForChange(tx, reference);
    const caseIds = await resolveCaseReferences(ctx, tx, references);
    await linkCapaCases(tx, row.id, caseIds);
    await audit(tx, ctx, row, "capa.cases_linked", { caseReferences: { new: references } });
    return viewOf(ctx, tx, reference);
  });
}

/** ISO 10002 8.6: the check on its date; "not effective" reopens the CAPA for more work. */
export async function recordEffectiveness(
  ctx: Ctx,
  reference: string,
  input: EffectivenessInput,
  expectedVersion?: number,
): Promise<CapaView> {
  return transact(ctx, async (tx) => {
    const row = await openCapaForChange(tx, reference, expectedVersion);
    const today = await todayOf(ctx, tx);
    if (row.status !== "implemented") {
      throw new AppError(
        "capa_not_implemented",
        409,
        `${reference} is ${row.status.replace("_", " ")}: effectiveness is checked once it is implemented`,
        { currentStatus: row.status },
      );
    }
    if (!row.effectivenessCheckDate || today < row.effectivenessCheckDate) {
      throw new AppError(
        "check_not_due",
        409,
        `${reference}'s effectiveness check is due on ${row.effectivenessCheckDate}; record the result on or after that date`,
      );
    }
    await save(tx, ctx, row, "capa.effectiveness_checked", {
      status: input.result,
      effectivenessResult: input.result,
      effectivenessEvidence: input.evidence,
      checkedAt: ctx.clock.now(),
      checkedById: ctx.actor.userId,
      ...(input.lessonsLearned ? { lessonsLearned: input.lessonsLearned } : {}),
    });
    return viewOf(ctx, tx, reference);
  });
}

export async function listCapas(ctx: Ctx, query: ListCapasQuery) {
  const today = await todayOf(ctx, ctx.db);
  const after = query.cursor ? decodeCapaCursor(query.cursor) : undefined;
  const rows = await listCapaPage(
    ctx.db,
    {
      status: query.status,
      ownerId: query.owner === "me" ? (ctx.actor.userId ?? undefined) : query.owner,
      due: query.due,
      today,
      after,
    },
    query.limit + 1,
  );
  const page = rows.slice(0, query.limit);
  const last = page.at(-1)?.capa;
  return {
    items: await toViews(ctx, ctx.db, page),
    nextCursor:
      rows.length > query.limit && last
        ? Buffer.from(JSON.stringify([last.dueDate, last.id])).toString("base64url")
        : null,
  };
}

function decodeCapaCursor(cursor: string): { dueDate: string; id: string } {
  try {
    const [dueDate, id] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as [string, string];
    if (!/^\d{4}-\d{2}-\d{2}$/.test(dueDate) || !/^[0-9a-f-]{36}$/.test(id)) throw 0;
    return { dueDate, id };
  } catch {
    throw invalid([{ field: "query.cursor", message: "is not a cursor from a previous page" }]);
  }
}

/** R6: cases per root cause category over the last `days` days, so that recurring causes show. */
export async function rootCauseReport(ctx: Ctx, days: number) {
  const since = new Date(ctx.clock.now().getTime() - days * 86_400_000);
  const groups = await rootCauseGroups(ctx.db, since);
  return {
    since: since.toISOString(),
    items: groups.map((g) => ({
      category: g.category,
      cases: g.cases,
      openCases: g.open_cases,
      lastSeenAt: new Date(g.last_seen_at).toISOString(),
      capas: g.capas ?? [],
    })),
  };
}

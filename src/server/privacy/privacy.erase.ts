import { and, asc, eq, getTableColumns, isNull } from "drizzle-orm";
import { appendAudit, appendAuditEvents } from "../audit/audit.service.js";
import type { CaseRow } from "../cases/cases.queries.js";
import type { Ctx } from "../context.js";
import { cases } from "../db/schema/index.js";
import { forgetStoredAnswersAbout, transact } from "../db/transact.js";
import { AppError } from "../errors.js";
import { registerArchiving } from "../records/archive.service.js";
import { beginRecordOperation } from "../records/records.guard.js";
import { eraseCustomerRecord, redactCaseFiles } from "../records/records.redact.js";
import { describeRule, retainUntil, ruleFor } from "../records/retention.js";
import type { RetentionPolicy } from "../sla/sla.policy.js";
import {
  assertCustomerExists,
  decidedByNames,
  decideRequest,
  requestToAnswer,
  viewRequest,
} from "./privacy.requests.js";

const { search: _search, ...caseColumns } = getTableColumns(cases);
const FINISHED = ["closed", "archived"];

/**
 * GDPR Art 17(3): why a case's personal data must stay — a complaint still being handled, a legal hold
 * (legal claims, (e)), or a retention period that is a legal duty and has not ended ((b)).
 */
export function erasureBlockers(rows: CaseRow[], retention: RetentionPolicy, now: Date): string[] {
  return rows.flatMap((c) => {
    if (!FINISHED.includes(c.status)) {
      return [`${c.reference} is still being handled (${c.status.replace("_", " ")}); close it first`];
    }
    if (c.legalHoldAt) {
      return [`${c.reference} is under legal hold since ${c.legalHoldAt.toISOString()} (GDPR Art 17(3)(e))`];
    }
    const rule = ruleFor(retention, c.type);
    const until = retainUntil(rule, c);
    if (rule.legalDuty && until && until.getTime() > now.getTime()) {
      return [
        `${c.reference} must be kept until ${until.toISOString().slice(0, 10)} under ${describeRule(c.type, rule)} (GDPR Art 17(3)(b))`,
      ];
    }
    return [];
  });
}

/**
 * R11 / GDPR Art 17: erasure by anonymisation across the customer's record, their cases, correspondence,
 * files, survey answers, the search index (generated from the texts) and the audit trail's personal values
 * (their digests stay, so the chain still verifies). Refused with 409 and the grounds when a case must be
 * kept — and the decision is recorded in the data-request register either way.
 */
export async function eraseCustomer(
  ctx: Ctx,
  customerId: string,
  input: { requestId?: string | null | undefined; note?: string | null | undefined },
) {
  const outcome = await transact(ctx, async (tx) => {
    const now = ctx.clock.now();
    const customer = await assertCustomerExists(tx, customerId, true);
    const request = await requestToAnswer(
      tx,
      ctx,
      "erasure",
      customerId,
      input.requestId,
      input.note ?? null,
    );
    const rows = (await tx
      .select(caseColumns)
      .from(cases)
      .where(and(eq(cases.customerId, customerId), isNull(cases.disposedAt)))
      .orderBy(asc(cases.id))
      .for("update")) as CaseRow[];
    const { policy } = await ctx.settings.current(tx, now.getTime());
    const blockers = erasureBlockers(rows, policy.body.retention, now);
    if (blockers.length) {
      const refused = await decideRequest(tx, ctx, request, "refused", `refused: ${blockers.join("; ")}`);
      return {
        refused: true as const,
        blockers,
        request: viewRequest(refused, now, await decidedByNames(tx, refused)),
      };
    }
    await beginRecordOperation(tx, "erasure");
    const caseIds = rows.map((r) => r.id);
    const removed = await redactCaseFiles(tx, caseIds, "[erased]", now, { disposed: false });
    const customerValues = await eraseCustomerRecord(tx, customerId, now);
    await forgetStoredAnswersAbout(tx, [customerId, ...caseIds, ...rows.map((r) => r.reference)]);
    const sum = (key: string) => [...removed.values()].reduce((n, counts) => n + (counts[key] ?? 0), 0);
    await appendAuditEvents(
      tx,
      ctx.actor,
      now,
      rows.map((r) => ({
        stream: `case:${r.id}`,
        caseId: r.id,
        action: "case.erased",
        changes: { erasure: { new: { requestId: request.id, removed: removed.get(r.id) ?? {} } } },
      })),
    );
    // An archived file gets a new bundle without the erased data, registered as such.
    for (const row of rows.filter((r) => r.status === "archived")) {
      await registerArchiving(
        tx,
        ctx,
        row,
        `personal data erased (data request ${request.id})`,
        now,
        "rebundled",
      );
    }
    const auditValues = sum("auditValues") + customerValues;
    await appendAudit(tx, ctx.actor, now, {
      stream: `customer:${customerId}`,
      action: "customer.erased",
      changes: {
        request: { new: request.id },
        cases: { new: rows.length },
        auditValues: { new: auditValues },
      },
      customerId,
    });
    const decided = await decideRequest(
      tx,
      ctx,
      request,
      "done",
      `erased: ${rows.length} case(s) anonymised, ${sum("files")} file(s) removed, ${auditValues} audit value(s) erased`,
    );
    return {
      refused: false as const,
      result: {
        customerId: customer.id,
        erasedAt: now.toISOString(),
        cases: rows.length,
        files: sum("files"),
        auditValues,
        request: viewRequest(decided, now, await decidedByNames(tx, decided)),
      },
    };
  });
  if (outcome.refused) {
    throw new AppError(
      "erasure_refused",
      409,
      `erasure refused, nothing was erased: ${outcome.blockers.join("; ")}. The refusal is recorded in the data-request register`,
      { blockers: outcome.blockers, request: outcome.request },
    );
  }
  return outcome.result;
}

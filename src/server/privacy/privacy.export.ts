import { asc, eq, inArray } from "drizzle-orm";
import { strToU8, type Zippable, zipSync } from "fflate";
import { appendAudit, readStream } from "../audit/audit.service.js";
import type { Ctx } from "../context.js";
import { cases, dataRequests, feedbackInvitations, feedbackResponses } from "../db/schema/index.js";
import { transact } from "../db/transact.js";
import { html } from "../public/html.js";
import { attachmentPath } from "../records/archive.bundle.js";
import { caseFileSection, fieldTable, htmlDocument } from "../records/case-file.html.js";
import { type CaseFile, readCaseFile } from "../records/case-file.queries.js";
import { describeRule, retainUntil, ruleFor } from "../records/retention.js";
import type { RetentionPolicy } from "../sla/sla.policy.js";
import { assertCustomerExists, decideRequest, requestToAnswer } from "./privacy.requests.js";

const json = (value: unknown) => strToU8(`${JSON.stringify(value, null, 2)}\n`);

/** GDPR Art 15(1)(a)–(h): the details that come with the copy (purposes, recipients, retention, source, rights). */
function coverSheet(orgName: string, files: CaseFile[], retention: RetentionPolicy) {
  return html`<h1>Your data held by ${orgName}</h1>
<p>This is a copy of everything we hold about you in our complaints system, as of the date of this export.</p>
${fieldTable([
  [
    "Why we hold it",
    "To handle your complaints and to keep the records that complaint-handling rules require of us.",
  ],
  [
    "What we hold",
    "Your name and contact details, what you told us, our notes and correspondence, files, survey answers, and the audit trail of who did what.",
  ],
  [
    "Who sees it",
    "Our staff who handle complaints, and auditors; a regulator or ombudsman where the law requires.",
  ],
  ["Where it came from", "From you, or from our staff recording what you told us."],
  [
    "How long we keep it",
    files
      .map((f) => {
        const rule = ruleFor(retention, f.case.type);
        const until = retainUntil(rule, f.case);
        return `${f.case.reference}: ${describeRule(f.case.type, rule)}${until ? `, until ${until.toISOString().slice(0, 10)}` : ""}`;
      })
      .join("\n") || "We hold no case about you.",
  ],
  [
    "Your rights",
    "You may ask us to correct, erase or restrict your data, or object to its use, and you may complain to the data-protection authority.",
  ],
])}`;
}

/**
 * R11 / GDPR Art 15 and 20: everything held on a person — their record, cases (with history, correspondence
 * and files), survey answers, audit entries about them, their data requests — as export.json and a readable
 * export.html, zipped with the files. Each archived case read for it is logged as a view, the export itself
 * on the customer's audit stream, and the access request is recorded as answered.
 */
export async function exportCustomerData(ctx: Ctx, customerId: string, requestId: string | null | undefined) {
  return transact(ctx, async (tx) => {
    const now = ctx.clock.now();
    const customer = await assertCustomerExists(tx, customerId);
    const request = await requestToAnswer(tx, ctx, "access", customerId, requestId);
    const ids = await tx
      .select({ id: cases.id, status: cases.status })
      .from(cases)
      .where(eq(cases.customerId, customerId))
      .orderBy(asc(cases.receivedAt), asc(cases.id));
    const files: CaseFile[] = [];
    for (const { id } of ids) files.push((await readCaseFile(tx, id))!);
    const caseIds = ids.map((c) => c.id);
    const surveys = caseIds.length
      ? await tx
          .select({ invitation: feedbackInvitations, response: feedbackResponses })
          .from(feedbackInvitations)
          .leftJoin(feedbackResponses, eq(feedbackResponses.invitationId, feedbackInvitations.id))
          .where(inArray(feedbackInvitations.caseId, caseIds))
      : [];
    const customerHistory = await readStream(tx, `customer:${customerId}`);
    const requests = await tx.select().from(dataRequests).where(eq(dataRequests.customerId, customerId));
    const { policy } = await ctx.settings.current(tx, now.getTime());

    const exported = {
      format: "redress-personal-data-export",
      version: 1,
      exportedAt: now.toISOString(),
      customer,
      cases: files.map((f) => ({
        case: f.case,
        investigation: f.investigation,
        actionItems: f.actionItems,
        correspondence: f.correspondence,
        attachments: f.attachments.map((a) => ({ ...a.row, path: attachmentPath(a.row.id, a.row.filename) })),
        history: f.history,
      })),
      surveys,
      auditAboutCustomer: customerHistory,
      dataRequests: requests,
    };
    const zippable: Zippable = {
      "export.json": [json(exported), { level: 6 }],
      "export.html": [
        strToU8(
          htmlDocument(
            "Your personal data",
            html`${coverSheet(ctx.config.orgName, files, policy.body.retention)}${files.map(caseFileSection)}`,
          ),
        ),
        { level: 6 },
      ],
    };
    for (const f of files) {
      for (const a of f.attachments)
        zippable[attachmentPath(a.row.id, a.row.filename)] = [a.content, { level: 0 }];
    }
    const bytes = zipSync(zippable, { mtime: now });

    for (const { id } of ids.filter((c) => c.status === "archived")) {
      await appendAudit(tx, ctx.actor, now, {
        stream: `case:${id}`,
        caseId: id,
        action: "case.viewed",
        changes: { view: { new: "/customers/:id/export" } },
        customerId,
      });
    }
    await appendAudit(tx, ctx.actor, now, {
      stream: `customer:${customerId}`,
      action: "customer.exported",
      changes: {
        request: { new: request.id },
        cases: { new: files.length },
        bytes: { new: bytes.byteLength },
      },
      customerId,
    });
    await decideRequest(
      tx,
      ctx,
      request,
      "done",
      `exported: ${files.length} case(s), ${bytes.byteLength} bytes`,
    );
    return { bytes, filename: `personal-data-${customerId}-${now.toISOString().slice(0, 10)}.zip` };
  });
}

import { asc, eq, getTableColumns } from "drizzle-orm";
import { type AuditEventView, readStream } from "../audit/audit.service.js";
import type { CaseRow } from "../cases/cases.queries.js";
import type { Db } from "../db/client.js";
import {
  actionItems,
  attachmentBlobs,
  attachments,
  caseInvestigations,
  cases,
  correspondence,
  customers,
  users,
} from "../db/schema/index.js";

/** Everything on one case's file, as stored: what the archive bundle and the GDPR export are made of. */
export interface CaseFile {
  case: CaseRow;
  customer: typeof customers.$inferSelect | null;
  ownerName: string | null;
  investigation: typeof caseInvestigations.$inferSelect | null;
  actionItems: (typeof actionItems.$inferSelect)[];
  correspondence: (typeof correspondence.$inferSelect)[];
  attachments: { row: typeof attachments.$inferSelect; content: Uint8Array }[];
  history: AuditEventView[];
}

const { search: _search, ...caseColumns } = getTableColumns(cases);

/** Reads the whole file through `db` (the caller's transaction when it has one). */
export async function readCaseFile(db: Db, caseId: string): Promise<CaseFile | undefined> {
  const [found] = await db
    .select({ case: caseColumns, customer: customers, ownerName: users.name })
    .from(cases)
    .leftJoin(customers, eq(customers.id, cases.customerId))
    .leftJoin(users, eq(users.id, cases.ownerId))
    .where(eq(cases.id, caseId));
  if (!found) return undefined;
  const [investigation] = await db
    .select()
    .from(caseInvestigations)
    .where(eq(caseInvestigations.caseId, caseId));
  const items = await db
    .select()
    .from(actionItems)
    .where(eq(actionItems.caseId, caseId))
    .orderBy(asc(actionItems.createdAt), asc(actionItems.id));
  const messages = await db
    .select()
    .from(correspondence)
    .where(eq(correspondence.caseId, caseId))
    .orderBy(asc(correspondence.occurredAt), asc(correspondence.id));
  const files = await db
    .select({ row: attachments, content: attachmentBlobs.content })
    .from(attachments)
    .innerJoin(attachmentBlobs, eq(attachmentBlobs.sha256, attachments.sha256))
    .where(eq(attachments.caseId, caseId))
    .orderBy(asc(attachments.uploadedAt), asc(attachments.id));
  return {
    case: found.case as CaseRow,
    customer: found.customer,
    ownerName: found.ownerName,
    investigation: investigation ?? null,
    actionItems: items,
    correspondence: messages,
    attachments: files,
    history: await readStream(db, `case:${caseId}`),
  };
}

import { sql } from "drizzle-orm";
import { unzipSync } from "fflate";
import { queryRows } from "../src/server/db/client.js";
import type { CaseView } from "../src/shared/cases.schema.js";
import { makeCase } from "./factories.js";
import type { TestApp, TestUser } from "./harness.js";
import { type Crew, resolveCase, step } from "./lifecycle.js";

/** A one-page PDF: a real file that the content check accepts. */
export const PDF = new TextEncoder().encode(
  "%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n",
);

/** Walks a case through the whole procedure to closed, as the SOPs do. */
export async function closeCase(t: TestApp, crew: Crew, reference: string): Promise<CaseView> {
  await resolveCase(t, crew, reference);
  await step(t, crew.manager, reference, "verify");
  await step(t, crew.agent, reference, "customer-confirmation", { confirmed: true, channel: "phone" });
  return step(t, crew.manager, reference, "close");
}

/** A closed case with a call note and a PDF on its file. */
export async function closedCaseWithFile(
  t: TestApp,
  crew: Crew,
  customer = { name: "Jane Doe", email: `jane-${Math.random().toString(36).slice(2)}@example.com` },
): Promise<CaseView> {
  const c = await makeCase(t, crew.agent, { customer, summary: "Hearing aid stopped working" });
  const note = await t.request({
    method: "POST",
    url: `/api/v1/cases/${c.reference}/correspondence`,
    as: crew.agent,
    payload: { kind: "call", direction: "inbound", body: "Jane called about her hearing aid" },
  });
  if (note.statusCode !== 201) throw new Error(`note: ${note.statusCode} ${note.body}`);
  const data = new FormData();
  data.append("file", new Blob([PDF], { type: "application/pdf" }), "receipt.pdf");
  const upload = await t.request({
    method: "POST",
    url: `/api/v1/cases/${c.reference}/attachments`,
    as: crew.agent,
    payload: data,
  });
  if (upload.statusCode !== 201) throw new Error(`upload: ${upload.statusCode} ${upload.body}`);
  return closeCase(t, crew, c.reference);
}

export async function archive(t: TestApp, as: TestUser, reference: string, reason?: string) {
  return step(t, as, reference, "archive", reason ? { reason } : {});
}

export function unzip(bytes: Uint8Array | Buffer): Record<string, Uint8Array> {
  return unzipSync(new Uint8Array(bytes));
}

export const text = (bytes: Uint8Array | undefined) => new TextDecoder().decode(bytes);

/** The database's own message for a refused statement (Drizzle wraps it in `cause`). */
export function failure(t: TestApp, statement: ReturnType<typeof sql>): Promise<string> {
  return t.db.execute(statement).then(
    () => "no error",
    (error: Error) => String((error.cause as Error | undefined)?.message ?? error.message),
  );
}

export async function actionsOf(t: TestApp, caseId: string): Promise<string[]> {
  const rows = await queryRows<{ action: string }>(
    t.db,
    sql`SELECT action FROM audit_events WHERE case_id = ${caseId} ORDER BY seq`,
  );
  return rows.map((r) => r.action);
}

/** Sets the policy's retention section (merged into the current policy) as an admin would. */
export async function setRetention(t: TestApp, admin: TestUser, retention: Record<string, unknown>) {
  const current = (await t.request({ method: "GET", url: "/api/v1/policy", as: admin })).json();
  const res = await t.request({
    method: "PUT",
    url: "/api/v1/policy",
    as: admin,
    payload: { ...current, retention: { ...current.retention, ...retention } },
  });
  if (res.statusCode !== 200) throw new Error(`policy: ${res.statusCode} ${res.body}`);
}

/**
 * The cases counted by every dimension the monthly report uses (received and closed dates, type, channel,
 * category, severity, outcome, level, timeliness, remedy, repeat customers): what disposal and erasure must
 * leave exactly as it was.
 */
export async function reportCounts(t: TestApp) {
  return queryRows(
    t.db,
    sql`SELECT date_trunc('month', received_at) AS received, date_trunc('month', closed_at) AS closed, type,
               channel, category, severity, outcome, level, acknowledge_outcome, resolve_outcome, status,
               sum(coalesce(remedy_amount_minor, 0))::int AS remedy, count(*)::int AS n,
               count(DISTINCT customer_id)::int AS customers
        FROM cases GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11`,
  );
}

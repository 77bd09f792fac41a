import { desc, eq, sql } from "drizzle-orm";
import { appendAudit } from "../audit/audit.service.js";
import type { Ctx } from "../context.js";
import { type Db, queryRows } from "../db/client.js";
import { templateVersions } from "../db/schema/index.js";
import { transact } from "../db/transact.js";
import { invalid } from "../errors.js";
import { DEFAULT_TEMPLATES } from "./templates.defaults.js";
import {
  MERGE_FIELDS,
  type MergeData,
  renderTemplate,
  TEMPLATE_KEYS,
  type TemplateBody,
  type TemplateKey,
  templateProblems,
} from "./templates.js";

export interface StoredTemplate extends TemplateBody {
  key: TemplateKey;
  /** 0 is the shipped text. */
  version: number;
  updatedAt: string | null;
}

/** The template in use: the newest admin version, or the shipped text. */
export async function currentTemplate(db: Db, key: TemplateKey): Promise<StoredTemplate> {
  const [row] = await db
    .select()
    .from(templateVersions)
    .where(eq(templateVersions.key, key))
    .orderBy(desc(templateVersions.version))
    .limit(1);
  if (!row) return { key, version: 0, updatedAt: null, ...DEFAULT_TEMPLATES[key] };
  return {
    key,
    version: row.version,
    updatedAt: row.createdAt.toISOString(),
    subject: row.subject,
    text: row.textBody,
    html: row.htmlBody,
  };
}

export async function listTemplates(db: Db) {
  return Promise.all(TEMPLATE_KEYS.map((key) => currentTemplate(db, key)));
}

/** R7: a new version of a template; one that names an unknown merge field is refused, field by field. */
export async function saveTemplate(ctx: Ctx, key: TemplateKey, body: TemplateBody): Promise<StoredTemplate> {
  const problems = templateProblems(body);
  if (problems.length) throw invalid(problems);
  const now = ctx.clock.now();
  return transact(ctx, async (tx) => {
    const before = await currentTemplate(tx, key);
    const [row] = await queryRows<{ version: number }>(
      tx,
      sql`INSERT INTO template_versions (key, version, subject, text_body, html_body, created_at, created_by_id)
          SELECT ${key}, coalesce(max(version), 0) + 1, ${body.subject}, ${body.text}, ${body.html}, ${now}, ${ctx.actor.userId}
          FROM template_versions WHERE key = ${key}
          RETURNING version`,
    );
    await appendAudit(tx, ctx.actor, now, {
      stream: `template:${key}`,
      action: "template.updated",
      changes: {
        version: { old: before.version, new: row!.version },
        subject: { old: before.subject, new: body.subject },
        text: { old: before.text, new: body.text },
        html: { old: before.html, new: body.html },
      },
    });
    return { key, version: row!.version, updatedAt: now.toISOString(), ...body };
  });
}

/** What a template looks like with example values (or the given body, before saving it). */
export function previewTemplate(body: TemplateBody): TemplateBody {
  const problems = templateProblems(body);
  if (problems.length) throw invalid(problems);
  return renderTemplate(body, EXAMPLE);
}

const EXAMPLE: MergeData = {
  "org.name": "Example Services",
  "case.reference": "CMP-2026-000042",
  "case.summary": "Parcel arrived damaged",
  "case.receivedAt": "Monday 2 March 2026, 10:00 GMT",
  "case.status": "being looked into",
  "case.outcome": "upheld",
  "case.resolution": "We have sent a replacement and refunded the delivery charge.",
  "customer.name": "Jane Doe",
  "deadlines.acknowledge": "Tuesday 3 March 2026, 10:00 GMT",
  "deadlines.resolve": "Monday 9 March 2026, 10:00 GMT",
  link: "https://complaints.example.com/public/case/EXAMPLE",
  message: "(your message to the customer)",
  "staff.name": "Alex Smith",
};

export { MERGE_FIELDS };

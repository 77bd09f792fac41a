import Mustache from "mustache";
import type { FieldError } from "../errors.js";

/** R7: the messages the procedures send (SOP 001 §5.2, §5.6; SOP 002 §4.2; SOP 004 §4). */
export const TEMPLATE_KEYS = [
  "acknowledgment",
  "progress_update",
  "request_information",
  "resolution_outcome",
  "closure",
  "feedback_invitation",
  "escalation_notice",
] as const;
export type TemplateKey = (typeof TEMPLATE_KEYS)[number];

export interface TemplateBody {
  subject: string;
  text: string;
  html: string;
}

/** Every merge field a template may use, with what it holds (shown to admins editing templates). */
export const MERGE_FIELDS = {
  "org.name": "the organisation's name",
  "case.reference": "the case reference, e.g. CMP-2026-000042",
  "case.summary": "the case summary",
  "case.receivedAt": "when the complaint was received, in the organisation's time zone",
  "case.status": "the status in plain words",
  "case.outcome": "the outcome in plain words (upheld, partly upheld, not upheld)",
  "case.resolution": "the resolution text",
  "customer.name": "the customer's name",
  "deadlines.acknowledge": "the acknowledgment deadline",
  "deadlines.resolve": "the expected resolution date and time",
  link: "the customer's link to follow the case (in a staff notice: the case page in Redress)",
  message: "the free text the sender wrote (in a staff notice: what happened)",
  "staff.name": "the staff member sending it (in a staff notice: the one receiving it)",
} as const;
export type MergeData = Partial<Record<keyof typeof MERGE_FIELDS, string>>;

const KNOWN = new Set(Object.keys(MERGE_FIELDS));

function fieldsOf(template: string): string[] {
  const names: string[] = [];
  const walk = (tokens: unknown[]) => {
    for (const token of tokens as [string, string, number, number, unknown[]?][]) {
      const [type, value, , , children] = token;
      if (type === "name" || type === "&" || type === "#" || type === "^") names.push(value);
      if (children) walk(children);
    }
  };
  walk(Mustache.parse(template));
  return names;
}

/** R7: a template naming an unknown merge field (or not parsing) is refused on save, field by field. */
export function templateProblems(body: TemplateBody): FieldError[] {
  const problems: FieldError[] = [];
  for (const part of ["subject", "text", "html"] as const) {
    let names: string[];
    try {
      names = fieldsOf(body[part]);
    } catch (error) {
      problems.push({ field: part, message: `cannot be read as a template: ${(error as Error).message}` });
      continue;
    }
    for (const name of new Set(names)) {
      if (!KNOWN.has(name)) {
        problems.push({
          field: part,
          message: `{{${name}}} is not a merge field; use one of ${[...KNOWN].map((k) => `{{${k}}}`).join(", ")}`,
        });
      }
    }
  }
  return problems;
}

/** Renders all three parts: HTML-escaped in the HTML part, verbatim in the subject and plain text. */
export function renderTemplate(body: TemplateBody, data: MergeData): TemplateBody {
  const view: Record<string, unknown> = {};
  for (const [path, value] of Object.entries(data)) {
    const [head, tail] = path.split(".") as [string, string | undefined];
    if (tail === undefined) view[head] = value;
    else view[head] = { ...((view[head] as object) ?? {}), [tail]: value };
  }
  const plain = { escape: (value: string) => value };
  return {
    subject: Mustache.render(body.subject, view, {}, plain).replace(/\s+/g, " ").trim(),
    text: Mustache.render(body.text, view, {}, plain),
    html: Mustache.render(body.html, view, {}, { escape: escapeHtml }),
  };
}

/** Enough for text and double-quoted attributes; leaves URLs readable (no &#x2F;). */
function escapeHtml(value: string): string {
  return String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

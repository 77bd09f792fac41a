import { type Html, html } from "../public/html.js";
import type { CaseFile } from "./case-file.queries.js";

/**
 * Part 11 §11.10(b) / GDPR Art 15: human-readable copies. The same rendering serves the archive bundle's
 * `case.html` and each case in a customer's export, so what a person or an auditor reads is one thing.
 */

const when = (d: Date | null | undefined) => (d ? d.toISOString().replace("T", " ").slice(0, 16) : "");

const STYLE = `body{font:14px/1.45 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem}th,td{border:1px solid #ccc;padding:.3rem .5rem;
text-align:left;vertical-align:top}th{background:#f3f3f3;width:14rem}pre{white-space:pre-wrap;margin:0}`;

export function htmlDocument(title: string, body: Html): string {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title><style>${STYLE}</style></head>
<body>${body}</body></html>`.value;
}

export function fieldTable(rows: [string, unknown][]): Html {
  return html`<table>${rows
    .filter(([, v]) => v !== null && v !== undefined && v !== "")
    .map(
      ([k, v]) => html`<tr><th>${k}</th><td><pre>${v instanceof Date ? when(v) : String(v)}</pre></td></tr>`,
    )}</table>`;
}

/** One case file as readable sections: the case, investigation, actions, correspondence, files, history. */
export function caseFileSection(file: CaseFile): Html {
  const c = file.case;
  const inv = file.investigation;
  return html`<section>
<h2>${c.reference}: ${c.summary}</h2>
${fieldTable([
  ["Type", c.type],
  ["Status", c.status],
  ["Channel", c.channel],
  ["Received", c.receivedAt],
  ["Customer", file.customer?.name ?? c.customerName],
  ["Email", file.customer?.email],
  ["Phone", file.customer?.phone],
  ["Description", c.description],
  ["Desired remedy", c.desiredRemedy],
  ["Category", c.category],
  ["Severity", c.severity],
  ["Handler", file.ownerName],
  ["Outcome", c.outcome],
  ["Resolution", c.resolutionNotes],
  ["Resolved", c.resolvedAt],
  ["Closed", c.closedAt],
])}
${
  inv
    ? html`<h3>Investigation</h3>${fieldTable([
        ["Findings", inv.findings],
        ["People interviewed", inv.peopleInterviewed],
        ["Records reviewed", inv.recordsReviewed],
        ["Root cause", [inv.rootCauseCategory, inv.rootCause].filter(Boolean).join(": ")],
        ["Not investigated because", inv.notInvestigatedReason],
      ])}`
    : ""
}
${
  file.actionItems.length
    ? html`<h3>Actions</h3><table><tr><th>Action</th><th>Status</th></tr>${file.actionItems.map(
        (a) =>
          html`<tr><td><pre>${a.text}</pre></td><td>${a.status}${a.waivedReason ? ` (${a.waivedReason})` : ""}</td></tr>`,
      )}</table>`
    : ""
}
<h3>Correspondence (${file.correspondence.length})</h3>
${file.correspondence.map(
  (m) =>
    html`<h4>${when(m.occurredAt)} · ${m.kind}${m.direction ? ` · ${m.direction}` : ""}${m.subject ? ` · ${m.subject}` : ""}</h4><pre>${m.body}</pre>`,
)}
<h3>Files (${file.attachments.length})</h3>
<ul>${file.attachments.map((a) => html`<li>${a.row.filename} (${a.row.contentType}, ${a.row.sizeBytes} bytes, SHA-256 ${a.row.sha256})</li>`)}</ul>
<h3>History (${file.history.length} events)</h3>
<table><tr><th>When</th><th>What</th></tr>${file.history.map(
    (e) =>
      html`<tr><td>${when(e.at)}</td><td>${e.action} by ${e.actorKind}${e.actorId ? ` ${e.actorId}` : ""} (${e.source})${e.reason ? ` — ${e.reason}` : ""}<pre>${JSON.stringify(e.changes)}</pre></td></tr>`,
  )}</table>
</section>`;
}

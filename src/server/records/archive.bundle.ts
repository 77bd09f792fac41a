import { createHash } from "node:crypto";
import { strToU8, type Zippable, zipSync } from "fflate";
import { caseFileSection, htmlDocument } from "./case-file.html.js";
import type { CaseFile } from "./case-file.queries.js";

export interface Bundle {
  bytes: Uint8Array;
  sha256: string;
}

export const sha256Hex = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/** A file name safe inside a zip on every system: no path, no control or reserved characters. */
export function zipSafeName(name: string): string {
  const cleaned = name
    .replace(/[\\/:*?"<>|\p{Cc}]/gu, "_")
    .replace(/^\.+/, "_")
    .slice(0, 120);
  return cleaned || "file";
}

const json = (value: unknown) => strToU8(`${JSON.stringify(value, null, 2)}\n`);

/**
 * R10 / Part 11 §11.10(b): the case file as one zip — case.json (the case, investigation, actions),
 * history.json (the audit events, personal values shown), correspondence.json, attachments/ (the files as
 * received), case.html (readable), and manifest.json (each file's SHA-256). Entries are in a fixed order
 * with the archiving instant as their time, so the bytes depend on the file's content only.
 */
export function buildCaseBundle(file: CaseFile, at: Date): Bundle {
  const entries: [string, Uint8Array, number][] = [
    [
      "case.json",
      json({
        case: file.case,
        customer: file.customer,
        ownerName: file.ownerName,
        investigation: file.investigation,
        actionItems: file.actionItems,
      }),
      6,
    ],
    ["history.json", json(file.history), 6],
    ["correspondence.json", json(file.correspondence), 6],
    [
      "attachments.json",
      json(file.attachments.map((a) => ({ ...a.row, path: attachmentPath(a.row.id, a.row.filename) }))),
      6,
    ],
    ...file.attachments.map(
      (a) => [attachmentPath(a.row.id, a.row.filename), a.content, 0] as [string, Uint8Array, number],
    ),
    ["case.html", strToU8(htmlDocument(`Case file ${file.case.reference}`, caseFileSection(file))), 6],
  ];
  const manifest = {
    format: "redress-case-file",
    version: 1,
    reference: file.case.reference,
    madeAt: at.toISOString(),
    files: entries.map(([path, bytes]) => ({ path, bytes: bytes.byteLength, sha256: sha256Hex(bytes) })),
  };
  const zippable: Zippable = { "manifest.json": [json(manifest), { level: 6 }] };
  for (const [path, bytes, level] of entries) zippable[path] = [bytes, { level: level as 0 | 6 }];
  const bytes = zipSync(zippable, { mtime: at });
  return { bytes, sha256: sha256Hex(bytes) };
}

export const attachmentPath = (id: string, filename: string) => `attachments/${id}-${zipSafeName(filename)}`;

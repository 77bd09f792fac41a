// The CAPA form's values and the API bodies made from them (POST /capas, PATCH /capas/{reference}).
import type { Schemas } from "../../api/client";

type Capa = Schemas["Capa"];

export interface CapaValues {
  title: string;
  description: string;
  /** As typed: references separated by commas, spaces or lines. */
  caseReferences: string;
  ownerId: string;
  dueDate: string;
  effectivenessCheckDate: string;
  rootCauseCategory: string;
  rootCause: string;
  lessonsLearned: string;
}

const OPTIONAL = [
  "description",
  "ownerId",
  "effectivenessCheckDate",
  "rootCauseCategory",
  "rootCause",
] as const;

/** A form for a new CAPA (prefilled with the cases it is raised from) or for editing one. */
export function capaValues(capa?: Capa, caseReferences: string[] = []): CapaValues {
  return {
    title: capa?.title ?? "",
    description: capa?.description ?? "",
    caseReferences: caseReferences.join(", "),
    ownerId: capa?.ownerId ?? "",
    dueDate: capa?.dueDate ?? "",
    effectivenessCheckDate: capa?.effectivenessCheckDate ?? "",
    rootCauseCategory: capa?.rootCauseCategory ?? "",
    rootCause: capa?.rootCause ?? "",
    lessonsLearned: capa?.lessonsLearned ?? "",
  };
}

/** "cmp-2026-000042, CMP-2026-000051\nINC-…" → each reference once, upper case, in order. */
export function parseReferences(text: string): string[] {
  const refs = text
    .split(/[\s,;]+/)
    .map((r) => r.trim().toUpperCase())
    .filter(Boolean);
  return [...new Set(refs)];
}

export interface CreateCapaBody {
  title: string;
  caseReferences: string[];
  dueDate: string;
  description?: string;
  ownerId?: string;
  effectivenessCheckDate?: string;
  rootCauseCategory?: string;
  rootCause?: string;
}

/** The body of POST /capas: empty optional fields left out (the server says which required ones are missing). */
export function createCapaBody(v: CapaValues): CreateCapaBody {
  const body: CreateCapaBody = {
    title: v.title.trim(),
    caseReferences: parseReferences(v.caseReferences),
    dueDate: v.dueDate,
  };
  for (const key of OPTIONAL) {
    const value = v[key].trim();
    if (value) body[key] = value;
  }
  return body;
}

export type CapaPatch = Partial<Omit<CreateCapaBody, "caseReferences">> & { lessonsLearned?: string };

/** The body of PATCH /capas/{reference}: only what changed (a cleared optional field stays as it was). */
export function capaPatch(before: Capa, v: CapaValues): CapaPatch {
  const patch: CapaPatch = {};
  const keys = ["title", "dueDate", "lessonsLearned", ...OPTIONAL] as const;
  for (const key of keys) {
    const value = v[key].trim();
    if (value && value !== (before[key] ?? "")) patch[key] = value;
  }
  return patch;
}

// The CAPA register's filters live in the URL (/capas?due=overdue&owner=me): the dashboard links to them.
import type { Schemas } from "../../api/client";

export type CapaStatus = Schemas["Capa"]["status"];
export const CAPA_STATUSES = [
  "open",
  "in_progress",
  "implemented",
  "effective",
  "not_effective",
] as const satisfies readonly CapaStatus[];
export const CAPA_DUE = ["overdue", "check", "any"] as const;

export interface CapaSearch {
  status?: CapaStatus;
  owner?: "me";
  due?: (typeof CAPA_DUE)[number];
}

/** Keeps only what GET /api/v1/capas accepts. */
export function parseCapaSearch(raw: Record<string, unknown>): CapaSearch {
  const out: CapaSearch = {};
  const status = CAPA_STATUSES.find((s) => s === raw.status);
  if (status) out.status = status;
  if (raw.owner === "me") out.owner = "me";
  const due = CAPA_DUE.find((d) => d === raw.due);
  if (due) out.due = due;
  return out;
}

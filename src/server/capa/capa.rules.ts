import { CAPA_ACTIVE_STATUSES } from "../../shared/capa.schema.js";
import type { CapaStatus } from "../db/schema/index.js";

interface CapaState {
  status: CapaStatus;
  dueDate: string;
  effectivenessCheckDate: string | null;
}

/** Work remains and its due date (YYYY-MM-DD, organisation's time zone) has passed. */
export function capaOverdue(capa: CapaState, today: string): boolean {
  return (CAPA_ACTIVE_STATUSES as readonly string[]).includes(capa.status) && capa.dueDate < today;
}

/** Implemented, and the day of its effectiveness check has come. */
export function capaCheckDue(capa: CapaState, today: string): boolean {
  return (
    capa.status === "implemented" &&
    capa.effectivenessCheckDate !== null &&
    capa.effectivenessCheckDate <= today
  );
}

/**
 * The status moves staff make by hand (the check sets effective / not effective): forward through the
 * work, back to in progress when found not effective, never out of "effective" (raise a new CAPA).
 */
const MOVES: Record<CapaStatus, readonly CapaStatus[]> = {
  open: ["in_progress", "implemented"],
  in_progress: ["open", "implemented"],
  implemented: ["in_progress"],
  not_effective: ["in_progress", "implemented"],
  effective: [],
};

export function nextStatusProblem(capa: CapaState, next: CapaStatus): string | null {
  if (MOVES[capa.status].includes(next)) return null;
  if (capa.status === "effective")
    return "it was found effective and is finished; raise a new CAPA for new work";
  return `cannot move from ${capa.status.replace("_", " ")} to ${next.replace("_", " ")}; allowed: ${MOVES[capa.status].join(", ")}`;
}

// The status moves staff make by hand on a CAPA, as the server allows them (src/server/capa/capa.rules.ts):
// forward through the work, back to in progress, never out of "effective". The effectiveness check sets
// effective / not effective. The server decides; a refused move shows its message.
import type { CapaStatus } from "./capa-search";

type ManualStatus = "open" | "in_progress" | "implemented";

export const CAPA_MOVES: Record<CapaStatus, readonly ManualStatus[]> = {
  open: ["in_progress", "implemented"],
  in_progress: ["open", "implemented"],
  implemented: ["in_progress"],
  not_effective: ["in_progress", "implemented"],
  effective: [],
};

/** Implemented, on or after its check date (today in the organisation's zone): the check may be recorded. */
export const canRecordCheck = (status: CapaStatus) => status === "implemented";

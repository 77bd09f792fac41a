import type { Severity } from "../../shared/enums.js";
import type { InvestigationRow } from "./investigation.queries.js";

/**
 * ISO 10002 7.6: the depth of investigation matches the seriousness. A high or critical case cannot be
 * resolved without findings and a root cause; a decision not to investigate (820.198) needs a reason.
 */
export function resolutionBlockers(
  severity: Severity | null,
  investigation: InvestigationRow | undefined,
): string[] {
  if (severity !== "high" && severity !== "critical") return [];
  const missing: string[] = [];
  if (!investigation?.findings) missing.push("findings");
  if (!investigation?.rootCauseCategory || !investigation?.rootCause)
    missing.push("a root cause (category and text)");
  return missing.length
    ? [
        `a ${severity} case needs ${missing.join(" and ")} in its investigation (PUT …/investigation) before it is resolved`,
      ]
    : [];
}

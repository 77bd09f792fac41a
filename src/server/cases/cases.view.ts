import type { CaseView } from "../../shared/cases.schema.js";
import { type Level, seedStatusOf } from "../../shared/enums.js";
import type { CaseWithRelations } from "./cases.queries.js";

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The v1 case shape (DESIGN.md): the same for create, get and list. */
export function toCaseView({ case: c, customer, ownerName }: CaseWithRelations): CaseView {
  return {
    id: c.id,
    reference: c.reference,
    type: c.type,
    status: c.status,
    seedStatus: seedStatusOf(c.status),
    level: c.level as Level,
    channel: c.channel,
    summary: c.summary,
    description: c.description,
    category: c.category,
    severity: c.severity,
    desiredRemedy: c.desiredRemedy,
    productRef: c.productRef,
    receivedAt: c.receivedAt.toISOString(),
    loggedAt: c.loggedAt.toISOString(),
    receivedById: c.receivedById,
    loggedById: c.loggedById,
    customer: customer?.id ? customer : null,
    ownerId: c.ownerId,
    ownerName,
    deadlines: {
      acknowledge: c.acknowledgeDueAt.toISOString(),
      assign: c.assignDueAt.toISOString(),
      resolve: c.resolveDueAt.toISOString(),
    },
    acknowledgedAt: iso(c.acknowledgedAt),
    assignedAt: iso(c.assignedAt),
    resolvedAt: iso(c.resolvedAt),
    closedAt: iso(c.closedAt),
    policyVersion: c.policyVersion,
    calendarVersion: c.calendarVersion,
    version: c.version,
    updatedAt: c.updatedAt.toISOString(),
  };
}

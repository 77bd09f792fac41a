// The audit trail page's filters as the API's query parameters.

export interface TrailFilters {
  case?: string;
  action?: string;
  /** YYYY-MM-DD, as a date input gives it. */
  from?: string;
  to?: string;
}

/** Blanks left out; a day as its first or last second (UTC), so "to" includes the whole day. */
export function trailQuery(filters: TrailFilters): Record<string, string> {
  const query: Record<string, string> = {};
  if (filters.case?.trim()) query.case = filters.case.trim();
  if (filters.action?.trim()) query.action = filters.action.trim();
  if (filters.from) query.from = `${filters.from}T00:00:00Z`;
  if (filters.to) query.to = `${filters.to}T23:59:59Z`;
  return query;
}

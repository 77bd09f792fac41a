// Counts for the dashboard, read through GET /api/v1/cases (there is no aggregate endpoint yet): a page
// of at most COUNT_CAP cases per number, shown as "100+" beyond that.
import { queryOptions } from "@tanstack/react-query";
import { api } from "../../api/client";
import { data } from "../../api/problem";
import type { CaseListSearch } from "../case-list/case-list-search";

export const COUNT_CAP = 100;

export interface CaseCount {
  count: number;
  /** More cases match than were counted. */
  more: boolean;
}

export const caseCountQuery = (search: CaseListSearch) =>
  queryOptions({
    queryKey: ["cases", "count", search],
    queryFn: async (): Promise<CaseCount> => {
      const page = await data(
        api.GET("/api/v1/cases", { params: { query: { ...search, limit: COUNT_CAP } } }),
      );
      return { count: page.items.length, more: page.nextCursor !== null };
    },
    staleTime: 60_000,
  });

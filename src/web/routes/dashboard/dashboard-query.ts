import { queryOptions } from "@tanstack/react-query";
import { api } from "../../api/client";
import { data } from "../../api/problem";

/** GET /api/v1/dashboard: every count in one answer, with the list behind each. */
export const dashboardQuery = queryOptions({
  queryKey: ["dashboard"],
  queryFn: () => data(api.GET("/api/v1/dashboard")),
  staleTime: 30_000,
  refetchInterval: 60_000,
});

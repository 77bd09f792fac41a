// The case page's data, each under ["case", reference, …] so that one invalidation refreshes them all.
import { queryOptions } from "@tanstack/react-query";
import { api } from "../../api/client";
import { data } from "../../api/problem";

const at = (reference: string) => ({ params: { path: { reference } } });

export const caseQuery = (reference: string) =>
  queryOptions({
    queryKey: ["case", reference],
    queryFn: () => data(api.GET("/api/v1/cases/{reference}", at(reference))),
  });

export const historyQuery = (reference: string) =>
  queryOptions({
    queryKey: ["case", reference, "history"],
    queryFn: () =>
      data(
        api.GET("/api/v1/cases/{reference}/history", {
          params: { path: { reference }, query: { limit: 1000 } },
        }),
      ),
  });

export const correspondenceQuery = (reference: string) =>
  queryOptions({
    queryKey: ["case", reference, "correspondence"],
    queryFn: () =>
      data(
        api.GET("/api/v1/cases/{reference}/correspondence", {
          params: { path: { reference }, query: { limit: 500 } },
        }),
      ),
  });

export const closureQuery = (reference: string) =>
  queryOptions({
    queryKey: ["case", reference, "closure"],
    queryFn: () => data(api.GET("/api/v1/cases/{reference}/closure", at(reference))),
  });

export const investigationQuery = (reference: string) =>
  queryOptions({
    queryKey: ["case", reference, "investigation"],
    queryFn: () => data(api.GET("/api/v1/cases/{reference}/investigation", at(reference))),
  });

export const actionItemsQuery = (reference: string) =>
  queryOptions({
    queryKey: ["case", reference, "action-items"],
    queryFn: () => data(api.GET("/api/v1/cases/{reference}/action-items", at(reference))),
  });

export const feedbackQuery = (reference: string) =>
  queryOptions({
    queryKey: ["case", reference, "feedback"],
    queryFn: () => data(api.GET("/api/v1/cases/{reference}/feedback", at(reference))),
  });

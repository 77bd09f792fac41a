// A CAPA's data under ["capa", reference]; lists under ["capas", …], so a change refreshes both.
import { queryOptions } from "@tanstack/react-query";
import { api } from "../../api/client";
import { data } from "../../api/problem";

export const capaQuery = (reference: string) =>
  queryOptions({
    queryKey: ["capa", reference],
    queryFn: () => data(api.GET("/api/v1/capas/{reference}", { params: { path: { reference } } })),
  });

export const rootCausesQuery = queryOptions({
  queryKey: ["root-causes"],
  queryFn: () => data(api.GET("/api/v1/root-causes", { params: { query: { days: 365 } } })),
  staleTime: 60_000,
});

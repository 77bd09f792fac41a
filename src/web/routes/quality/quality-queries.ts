// The quality loop's data: samples under ["samples", …], reviews under ["reviews", …].
import { queryOptions } from "@tanstack/react-query";
import { api } from "../../api/client";
import { data } from "../../api/problem";

export const samplesQuery = queryOptions({
  queryKey: ["samples", "list"],
  queryFn: () => data(api.GET("/api/v1/samples", { params: { query: { limit: 24 } } })),
});

export const sampleQuery = (month: string) =>
  queryOptions({
    queryKey: ["samples", month],
    queryFn: () => data(api.GET("/api/v1/samples/{month}", { params: { path: { month } } })),
  });

export const reviewsQuery = queryOptions({
  queryKey: ["reviews", "list"],
  queryFn: () => data(api.GET("/api/v1/reviews", { params: { query: { limit: 100 } } })),
});

export const reviewQuery = (id: string) =>
  queryOptions({
    queryKey: ["reviews", id],
    queryFn: () => data(api.GET("/api/v1/reviews/{id}", { params: { path: { id } } })),
  });

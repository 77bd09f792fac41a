import { sql } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import { queryRows } from "../db/client.js";

/** prom-client metrics at /metrics: request durations by route, and open work by status. */
export function installMetrics(app: FastifyInstance): void {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const duration = new Histogram({
    name: "redress_http_request_duration_seconds",
    help: "HTTP request duration by method, route pattern and status",
    labelNames: ["method", "route", "status"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  new Gauge({
    name: "redress_cases",
    help: "Cases by status",
    labelNames: ["status"] as const,
    registers: [registry],
    async collect() {
      const rows = await queryRows<{ status: string; n: number }>(
        app.deps.db,
        sql`SELECT status, count(*)::int AS n FROM cases GROUP BY status`,
      );
      this.reset();
      for (const row of rows) this.set({ status: row.status }, Number(row.n));
    },
  });
  app.addHook("onResponse", async (request, reply) => {
    duration.observe(
      {
        method: request.method,
        route: request.routeOptions.url ?? "unknown",
        status: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
  });
  app.get(
    "/metrics",
    { config: { access: { public: true } }, schema: { hide: true } },
    async (_request, reply) => reply.type(registry.contentType).send(await registry.metrics()),
  );
}

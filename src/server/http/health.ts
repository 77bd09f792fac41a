import { sql } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { AppError } from "../errors.js";

/** /healthz: the process is up. /readyz: it can reach its database and is not shutting down. */
export function installHealth(app: FastifyInstance, isShuttingDown: () => boolean): void {
  const open = { config: { access: { public: true } as const }, schema: { hide: true } };
  app.get("/healthz", open, async () => ({ status: "ok" }));
  app.get("/readyz", open, async () => {
    if (isShuttingDown()) throw new AppError("shutting_down", 503, "this instance is shutting down");
    try {
      await app.deps.db.execute(sql`SELECT 1`);
    } catch {
      throw new AppError("database_unavailable", 503, "the database cannot be reached");
    }
    return { status: "ready", database: app.deps.database.kind };
  });
}

import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import pino from "pino";
import { buildApp } from "../src/server/app.js";
import { createToken } from "../src/server/auth/tokens.service.js";
import { prepareDatabase } from "../src/server/bootstrap.js";
import { systemClock } from "../src/server/clock.js";
import { loadConfig } from "../src/server/config.js";
import { type Actor, type Ctx, systemActor } from "../src/server/context.js";
import { type Database, openDatabase } from "../src/server/db/client.js";
import { SettingsStore } from "../src/server/settings/settings.service.js";
import { createUser } from "../src/server/users/users.service.js";
import type { DbKind } from "./options.js";
import { connectPostgres, databaseUrl, pgliteConnection, type SqlConnection, withAdmin } from "./sql.js";

/** Redress running in this process on a fresh database, listening on a random local port. */
export interface BenchServer {
  kind: DbKind;
  /** The PGlite directory or the PostgreSQL database name (kept with --keep). */
  location: string;
  baseUrl: string;
  /** Bearer-token headers of a user with the roles agent and manager. */
  headers: Record<string, string>;
  userId: string;
  database: Database;
  /** A direct connection for seeding and inspection (PGlite: the app's own). */
  sql: SqlConnection;
  /** `count` direct connections for the bare-SQL baseline (PGlite: the same one each time). */
  connect(count: number): Promise<SqlConnection[]>;
  close(options: { keep: boolean }): Promise<void>;
}

/** Opens the database (PGlite in a temp dir, or a new PostgreSQL database), migrates, starts the app. */
export async function startServer(kind: DbKind, pgServerUrl: string): Promise<BenchServer> {
  // Server errors (5xx) are logged to stderr: a benchmark with errors measures the wrong thing.
  const log = pino({ level: process.env.BENCH_LOG_LEVEL ?? "error" }, pino.destination(2));
  let location: string;
  let url: string | undefined;
  if (kind === "postgres") {
    location = `redress_bench_${Date.now()}_${randomBytes(3).toString("hex")}`;
    await withAdmin(pgServerUrl, (admin) => admin.query(`CREATE DATABASE "${location}"`));
    url = databaseUrl(pgServerUrl, location);
  } else {
    location = await mkdtemp(join(tmpdir(), "redress-bench-"));
  }
  const config = loadConfig({
    REDRESS_TIMEZONE: "UTC",
    REDRESS_DATA_DIR: location,
    DATABASE_URL: url,
    REDRESS_SCHEDULER: "off",
  });
  // The same pool size as `npm start` (openDatabase's default).
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  await prepareDatabase(database, config, systemClock, log, { generateAdmin: false });
  const settings = new SettingsStore();
  const app: FastifyInstance = await buildApp(
    { database, db: database.db, clock: systemClock, config, settings },
    { logger: log },
  );
  await app.listen({ port: 0, host: "127.0.0.1" });
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : 0;

  const ctx = (actor: Actor): Ctx => ({ db: database.db, actor, clock: systemClock, log, config, settings });
  const user = await createUser(ctx(systemActor("bench")), {
    email: "bench@example.com",
    name: "Bench Agent",
    password: randomBytes(18).toString("base64url"),
    roles: ["agent", "manager"],
  });
  const actor: Actor = { kind: "user", userId: user.id, roles: ["agent", "manager"], source: "bench" };
  const { token } = await createToken(ctx(actor), { name: "bench" });

  const sql = url ? await connectPostgres(url) : pgliteConnection(database);
  return {
    kind,
    location,
    baseUrl: `http://127.0.0.1:${port}`,
    headers: { authorization: `Bearer ${token}` },
    userId: user.id,
    database,
    sql,
    connect: (count) =>
      Promise.all(
        Array.from({ length: count }, () => (url ? connectPostgres(url) : pgliteConnection(database))),
      ),
    async close({ keep }) {
      await app.close();
      await sql.close();
      await database.close();
      if (keep) return;
      if (kind === "postgres") {
        await withAdmin(pgServerUrl, (admin) =>
          admin.query(`DROP DATABASE IF EXISTS "${location}" WITH (FORCE)`),
        );
      } else {
        await rm(location, { recursive: true, force: true });
      }
    },
  };
}

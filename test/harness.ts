import { randomUUID } from "node:crypto";
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from "fastify";
import pino from "pino";
import { inject } from "vitest";
import { buildApp } from "../src/server/app.js";
import { createToken } from "../src/server/auth/tokens.service.js";
import { ManualClock } from "../src/server/clock.js";
import { type Config, loadConfig } from "../src/server/config.js";
import { type Actor, type Ctx, systemActor } from "../src/server/context.js";
import type { Database, Db } from "../src/server/db/client.js";
import { SettingsStore } from "../src/server/settings/settings.service.js";
import { createUser } from "../src/server/users/users.service.js";
import type { Role } from "../src/shared/enums.js";
import { openTestDatabase } from "./db.js";

/** Monday 2 March 2026, 10:00 in London (GMT, so also 10:00 UTC): inside working hours. */
export const DEFAULT_NOW = "2026-03-02T10:00:00Z";

export interface TestUser {
  id: string;
  email: string;
  password: string;
  roles: Role[];
  /** Bearer-token headers acting as this user. */
  headers: Record<string, string>;
  actor: Actor;
}

export interface TestApp {
  app: FastifyInstance;
  database: Database;
  db: Db;
  clock: ManualClock;
  config: Config;
  /** PostgreSQL URL of this test's database (for a second instance), undefined on PGlite. */
  url: string | undefined;
  ctx(actor?: Actor): Ctx;
  user(roles: Role[], name?: string): Promise<TestUser>;
  request(options: InjectOptions & { as?: TestUser }): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export async function createTestApp(
  options: { now?: string; env?: Record<string, string> } = {},
): Promise<TestApp> {
  const testDb = await openTestDatabase(inject("template"));
  const config = loadConfig({ REDRESS_TIMEZONE: "Europe/London", ...options.env });
  const clock = new ManualClock(options.now ?? DEFAULT_NOW);
  const { database } = testDb;
  const settings = new SettingsStore();
  const app = await buildApp({ database, db: database.db, clock, config, settings });
  await app.ready();
  const log = pino({ level: "silent" });
  const ctx = (actor: Actor = systemActor("test")): Ctx => ({
    db: database.db,
    actor,
    clock,
    log,
    config,
    settings,
  });
  let users = 0;
  return {
    app,
    database,
    db: database.db,
    clock,
    config,
    url: testDb.url,
    ctx,
    async user(roles, name) {
      users += 1;
      const email = `${roles.join("-")}-${users}-${randomUUID().slice(0, 6)}@example.com`;
      const password = "correct horse battery staple";
      const created = await createUser(ctx(), {
        email,
        name: name ?? `Test ${roles.join("/")} ${users}`,
        password,
        roles,
      });
      const actor: Actor = { kind: "user", userId: created.id, roles, source: "test" };
      const { token } = await createToken(ctx(actor), { name: "test" });
      return { id: created.id, email, password, roles, actor, headers: { authorization: `Bearer ${token}` } };
    },
    request({ as, ...rest }) {
      return app.inject({ ...rest, headers: { ...(as?.headers ?? {}), ...(rest.headers ?? {}) } });
    },
    async close() {
      await app.close();
      await testDb.dispose();
    },
  };
}

import { randomBytes } from "node:crypto";
import type { FastifyBaseLogger } from "fastify";
import { ROLES } from "../shared/enums.js";
import type { Clock } from "./clock.js";
import { type Config, ConfigError } from "./config.js";
import { systemActor } from "./context.js";
import type { Database, Db } from "./db/client.js";
import { runMigrations } from "./db/migrate.js";
import { AppError } from "./errors.js";
import { ensureDefaultSettings, SettingsStore } from "./settings/settings.service.js";
import { countUsers } from "./users/users.queries.js";
import { createUser } from "./users/users.service.js";

export interface FirstAdmin {
  email: string;
  /** Set only when Redress made the password up; shown once at start. */
  generatedPassword?: string;
}

/**
 * Migrates, writes the default calendar and policy, and creates the first admin (with every role, so a
 * fresh install can be explored) when there is no user yet: from REDRESS_ADMIN_EMAIL/PASSWORD, or — with
 * `generateAdmin` — admin@localhost with a random password printed once.
 */
export async function prepareDatabase(
  database: Database,
  config: Config,
  clock: Clock,
  log: FastifyBaseLogger,
  options: { generateAdmin: boolean },
): Promise<FirstAdmin | undefined> {
  let firstAdmin: FirstAdmin | undefined;
  await runMigrations(database, async (db: Db) => {
    await ensureDefaultSettings(db, config.timezone, clock.now());
    if ((await countUsers(db)) > 0) return;
    let email = config.adminEmail;
    let password = config.adminPassword;
    if (!email || !password) {
      if (!options.generateAdmin) return;
      email = "admin@localhost";
      password = randomBytes(12).toString("base64url");
      firstAdmin = { email, generatedPassword: password };
    } else {
      firstAdmin = { email };
    }
    const ctx = { db, actor: systemActor("bootstrap"), clock, log, config, settings: new SettingsStore() };
    try {
      await createUser(ctx, { email, name: "Administrator", password, roles: [...ROLES] });
    } catch (error) {
      if (error instanceof AppError) throw new ConfigError("REDRESS_ADMIN_PASSWORD", error.detail);
      throw error;
    }
  });
  return firstAdmin;
}

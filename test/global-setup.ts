import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import type { TestProject } from "vitest/node";
import { prepareDatabase } from "../src/server/bootstrap.js";
import { ManualClock } from "../src/server/clock.js";
import { loadConfig } from "../src/server/config.js";
import { openDatabase, openPglite } from "../src/server/db/client.js";
import { baseDatabaseName, pgServerUrl, withAdminClient } from "./db.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** The migrated template: a PGlite data directory, or with TEST_DATABASE_URL a PostgreSQL database's name. */
    template: string;
  }
}

/**
 * Migrates one template database per project of vitest.config.ts (this runs once for each); each test file
 * copies it (test/db.ts). The projects' templates have their own names, so one project's tear-down never
 * drops a template the other still copies.
 */
export default async function setup(project: TestProject) {
  const config = loadConfig({ REDRESS_TIMEZONE: "Europe/London" });
  const clock = new ManualClock("2026-01-05T09:00:00Z");
  const log = pino({ level: "silent" });
  const testUrl = process.env.TEST_DATABASE_URL;
  let cleanup: () => Promise<void>;
  if (testUrl) {
    const template = `${baseDatabaseName(testUrl)}_template_${project.name.replace(/\W/g, "_")}`;
    await withAdminClient(testUrl, async (c) => {
      await c.query(`DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`);
      await c.query(`CREATE DATABASE "${template}"`);
    });
    const database = await openDatabase({ databaseUrl: pgServerUrl(testUrl, template), dataDir: "" });
    await prepareDatabase(database, config, clock, log, { generateAdmin: false });
    await database.close();
    project.provide("template", template);
    cleanup = async () => {
      await withAdminClient(testUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`));
    };
  } else {
    const dir = await mkdtemp(join(tmpdir(), "redress-template-"));
    const database = await openPglite(dir);
    await prepareDatabase(database, config, clock, log, { generateAdmin: false });
    await database.close();
    project.provide("template", dir);
    cleanup = () => rm(dir, { recursive: true, force: true });
  }
  return async () => {
    await cleanup();
  };
}

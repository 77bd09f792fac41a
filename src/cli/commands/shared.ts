import pino from "pino";
import { prepareDatabase } from "../../server/bootstrap.js";
import { systemClock } from "../../server/clock.js";
import { type Config, loadConfig } from "../../server/config.js";
import { type Database, openDatabase } from "../../server/db/client.js";

/** Opens and migrates the database the environment names, runs `fn`, and closes it again. */
export async function withDatabase<T>(fn: (database: Database, config: Config) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const database = await openDatabase(config);
  try {
    await prepareDatabase(database, config, systemClock, pino({ level: "warn" }), { generateAdmin: false });
    return await fn(database, config);
  } finally {
    await database.close();
  }
}

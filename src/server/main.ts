import pino from "pino";
import { buildApp, logSerializers } from "./app.js";
import { prepareDatabase } from "./bootstrap.js";
import { systemClock } from "./clock.js";
import { type Config, loadConfig } from "./config.js";
import { openDatabase } from "./db/client.js";
import { appJobs } from "./jobs/jobs.js";
import { startScheduler } from "./jobs/scheduler.js";
import { smtpMailer } from "./mail/mailer.js";
import { SettingsStore } from "./settings/settings.service.js";

/** Process entry: config → database → migrations → app → listen; graceful shutdown on SIGTERM/SIGINT. */
export async function startServer(config: Config = loadConfig()): Promise<void> {
  const log = pino({ level: config.logLevel, serializers: logSerializers });
  const database = await openDatabase(config);
  const firstAdmin = await prepareDatabase(database, config, systemClock, log, { generateAdmin: true });
  let shuttingDown = false;
  const settings = new SettingsStore();
  const mailer = config.smtpUrl ? smtpMailer(config.smtpUrl) : undefined;
  const app = await buildApp(
    { database, db: database.db, clock: systemClock, config, settings },
    { logger: log, isShuttingDown: () => shuttingDown },
  );
  await app.listen({ port: config.port, host: config.host });
  const scheduler = config.scheduler
    ? startScheduler(
        appJobs({ db: database.db, clock: systemClock, config, log, settings }, mailer, database),
        log,
      )
    : undefined;

  const where =
    database.kind === "pglite" ? `embedded database in ${config.dataDir}` : "PostgreSQL (DATABASE_URL)";
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  const url = config.publicUrl.replace(`:${config.port}`, `:${port}`);
  const lines = [`Redress is running at ${url} (${where})`];
  if (firstAdmin?.generatedPassword) {
    lines.push(
      `Sign in as ${firstAdmin.email} with password ${firstAdmin.generatedPassword}`,
      "  (shown only this once; more users: npx redress create-user --help)",
    );
  } else if (firstAdmin) {
    lines.push(`Sign in as ${firstAdmin.email} with the password in REDRESS_ADMIN_PASSWORD`);
  } else {
    lines.push("Sign in with your Redress account; an admin adds users (npx redress create-user --help)");
  }
  lines.push(`API: POST ${url}/api/v1/session {email, password}; reference at ${url}/api/v1/openapi.json`);
  process.stdout.write(`\n${lines.join("\n")}\n\n`);

  const shutdown = async (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    log.info({ signal }, "shutting down: finishing requests in flight");
    await scheduler?.stop();
    mailer?.close();
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
  process.once("SIGINT", () => void shutdown("SIGINT"));
}

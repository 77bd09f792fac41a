import { ConfigError } from "../server/config.js";
import { auditVerifyCommand } from "./commands/audit-verify.js";
import { backupCommand } from "./commands/backup.js";
import { createUserCommand } from "./commands/create-user.js";
import { importCommand } from "./commands/import.js";
import { migrateCommand } from "./commands/migrate.js";
import { reportCommand } from "./commands/report.js";
import { restoreCommand } from "./commands/restore.js";
import { startCommand } from "./commands/start.js";

export interface Command {
  summary: string;
  usage: string;
  run(args: string[]): Promise<number | undefined>;
}

const COMMANDS: Record<string, Command> = {
  start: startCommand,
  migrate: migrateCommand,
  "create-user": createUserCommand,
  "audit-verify": auditVerifyCommand,
  backup: backupCommand,
  restore: restoreCommand,
  import: importCommand,
  report: reportCommand,
};

function help(): string {
  const rows = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(14)} ${c.summary}`);
  return [
    "redress <command> [options]",
    "",
    ...rows,
    "",
    "Every command reads the same environment as the server (DATABASE_URL, REDRESS_DATA_DIR, ...).",
    "`redress <command> --help` shows a command's options.",
  ].join("\n");
}

/** The operators' command line (DESIGN.md CLI). Exit codes: 0 ok, 1 failed, 2 bad usage. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    console.log(help());
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`redress: unknown command "${name}"\n\n${help()}`);
    return 2;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    console.log(`${command.summary}\n\nusage: ${command.usage}`);
    return 0;
  }
  try {
    return (await command.run(rest)) ?? 0;
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`redress: ${error.message}`);
      return 1;
    }
    if (error instanceof TypeError && (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      console.error(`redress ${name}: ${error.message}\nusage: ${command.usage}`);
      return 2;
    }
    throw error;
  }
}

import type { Command } from "../main.js";
import { withDatabase } from "./shared.js";

export const migrateCommand: Command = {
  summary: "apply database migrations and defaults, then exit",
  usage: "redress migrate",
  async run() {
    await withDatabase(async (database) => {
      console.log(`migrations applied (${database.kind})`);
    });
    return 0;
  },
};

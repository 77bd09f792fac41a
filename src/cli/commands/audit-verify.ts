import pino from "pino";
import { verifyAndAlert } from "../../server/audit/audit.alerts.js";
import { systemClock } from "../../server/clock.js";
import { systemActor } from "../../server/context.js";
import { SettingsStore } from "../../server/settings/settings.service.js";
import type { Command } from "../main.js";
import { withDatabase } from "./shared.js";

export const auditVerifyCommand: Command = {
  summary: "recompute the audit trail's hash chains; exit 1 (and alert the admins) if anything was altered",
  usage: "redress audit-verify",
  async run() {
    return withDatabase(async (database, config) => {
      const ctx = {
        db: database.db,
        actor: systemActor("cli"),
        clock: systemClock,
        log: pino({ level: "silent" }),
        config,
        settings: new SettingsStore(),
      };
      const result = await verifyAndAlert(ctx, "on demand");
      if (result.ok) {
        console.log(`audit trail verified: ${result.events} events, ${result.seals} seals, no problems`);
        return 0;
      }
      console.error(`audit trail BROKEN (${result.events} events checked):`);
      if (result.firstBrokenEvent !== undefined)
        console.error(`  first bad event: ${result.firstBrokenEvent}`);
      for (const problem of result.problems) console.error(`  - ${problem}`);
      console.error("  the admins have been notified");
      return 1;
    });
  },
};

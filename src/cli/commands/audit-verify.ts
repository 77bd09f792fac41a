import { verifyAuditTrail } from "../../server/audit/audit.verify.js";
import type { Command } from "../main.js";
import { withDatabase } from "./shared.js";

export const auditVerifyCommand: Command = {
  summary: "recompute the audit trail's hash chains; exit 1 if anything was altered",
  usage: "redress audit-verify",
  async run() {
    return withDatabase(async (database) => {
      const result = await verifyAuditTrail(database.db);
      if (result.ok) {
        console.log(`audit trail verified: ${result.events} events, ${result.seals} seals, no problems`);
        return 0;
      }
      console.error(`audit trail BROKEN (${result.events} events checked):`);
      for (const problem of result.problems) console.error(`  - ${problem}`);
      return 1;
    });
  },
};

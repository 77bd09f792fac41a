import type { BackupTarget, RestoreReport } from "../../server/backup/backup.service.js";
import type { Config } from "../../server/config.js";

/** The database the environment names: DATABASE_URL, else the embedded one in REDRESS_DATA_DIR. */
export function backupTarget(config: Config): BackupTarget {
  return config.databaseUrl
    ? { kind: "postgres", url: config.databaseUrl }
    : { kind: "pglite", dataDir: config.dataDir };
}

/** Prints what came back from a backup; 0 when it matches and its audit chain verifies. */
export function reportRestore(what: string, report: RestoreReport): number {
  const { manifest } = report;
  const ok = report.mismatches.length === 0 && report.auditOk;
  const line = `${manifest.counts.cases ?? 0} cases, ${manifest.counts.attachments ?? 0} attachments, ${manifest.counts.audit_events ?? 0} audit events`;
  if (ok) {
    console.log(
      `${what}: ${manifest.engine} backup of ${manifest.createdAt}, ${line}; counts match, audit chain verified`,
    );
    return 0;
  }
  console.error(`${what} FAILED (${manifest.engine} backup of ${manifest.createdAt}):`);
  for (const m of report.mismatches) console.error(`  - count differs: ${m}`);
  for (const p of report.auditProblems) console.error(`  - audit trail: ${p}`);
  return 1;
}

import { resolve } from "node:path";
import { loadOidcConfig, type OidcConfig } from "./auth/oidc.config.js";

/** Process settings, read from the environment once at start (DESIGN.md "Process settings"). */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  timezone: string;
  adminEmail: string | undefined;
  adminPassword: string | undefined;
  publicUrl: string;
  smtpUrl: string | undefined;
  mailFrom: string;
  /** Signs customer emails ("{{org.name}}"). */
  orgName: string;
  logLevel: string;
  sessionHours: number;
  bodyLimitBytes: number;
  /** Region for numbers given without a country code, e.g. "GB"; unset = such numbers match on digits only. */
  phoneRegion: string | undefined;
  /** Run scheduled jobs (sealer, sweeps) in this process. */
  scheduler: boolean;
  /** How often the deadline and escalation sweeps run. */
  sweepSeconds: number;
  /** Largest accepted attachment (R2; default 20 MB). */
  attachmentMaxBytes: number;
  /**
   * REDRESS_UPLOAD_SCAN_COMMAND split on whitespace (run without a shell): every uploaded file is piped to it
   * on stdin; exit 0 = clean, 1 = infected, else unavailable. Unset = no scanning.
   */
  uploadScanCommand: string[] | undefined;
  /** How long the scanner may take for one file before the upload is refused as unavailable. */
  uploadScanTimeoutMs: number;
  /** Shared secret of `POST /api/v1/inbound/email` (a mail relay holds this, not a user's token); unset = endpoint off. */
  inboundToken: string | undefined;
  /** `imaps://user:pass@host:993/INBOX`: the mailbox the IMAP poller reads; unset = no poller. */
  imapUrl: string | undefined;
  /** How often the IMAP poller looks for new mail. */
  imapPollSeconds: number;
  /** R12: who receives the monthly report (REDRESS_REPORT_RECIPIENTS, comma-separated); empty = nobody. */
  reportRecipients: string[];
  /** Chromium that prints the PDF report (Debian's package by default). */
  chromiumPath: string;
  /** R11: where scheduled backups go (REDRESS_BACKUP_DIR); unset = no scheduled backups. */
  backupDir: string | undefined;
  /** R11: rotation — keep this many daily backups and the first backup of this many months. */
  backupKeepDaily: number;
  backupKeepMonthly: number;
  /** R11: the hour (in REDRESS_TIMEZONE) from which the day's backup is taken. */
  backupHour: number;
  /** Single sign-on (REDRESS_OIDC_*); unset = password sign-in only. */
  oidc: OidcConfig | undefined;
}

export class ConfigError extends Error {
  constructor(
    readonly setting: string,
    message: string,
  ) {
    super(`${setting}: ${message}`);
  }
}

type Env = Record<string, string | undefined>;

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(name, `"${raw}" is not a whole number from ${min} to ${max}`);
  }
  return value;
}

export function isValidTimezone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function url(env: Env, name: string, protocols: string[]): string | undefined {
  const raw = env[name];
  if (!raw) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(
      name,
      `"${redact(raw)}" is not a URL; expected e.g. ${protocols[0]}//host:port/...`,
    );
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(name, `must start with ${protocols.join(" or ")} (got ${parsed.protocol})`);
  }
  return raw;
}

function emailList(env: Env, name: string): string[] {
  const list = (env[name] ?? "")
    .split(",")
    .map((address) => address.trim())
    .filter(Boolean);
  const bad = list.find((address) => !/^[^\s@,]+@[^\s@,]+\.[^\s@,]+$/.test(address));
  if (bad)
    throw new ConfigError(name, `"${bad}" is not an email address; give addresses separated by commas`);
  return list;
}

function secret(env: Env, name: string): string | undefined {
  const raw = env[name];
  if (!raw) return undefined;
  if (raw.length < 24)
    throw new ConfigError(name, "must be at least 24 characters (e.g. `openssl rand -hex 24`)");
  return raw;
}

/** A program and its arguments, split on whitespace (no shell, so no quoting: a path with spaces cannot be given). */
function command(env: Env, name: string): string[] | undefined {
  const argv = (env[name] ?? "").split(/\s+/).filter(Boolean);
  if (argv.length === 0) return undefined;
  if (/["'\\|;&<>$`]/.test(argv.join(" "))) {
    throw new ConfigError(
      name,
      "is run without a shell: give the program and its arguments separated by spaces, with no quotes, pipes or variables (e.g. clamdscan --no-summary -)",
    );
  }
  return argv;
}

/** Hides a password inside a URL so that error lines can name the setting safely. */
export function redact(raw: string): string {
  return raw.replace(/\/\/([^:/@]+):([^@]*)@/, "//$1:***@");
}

export function loadConfig(env: Env = process.env): Config {
  const port = integer(env, "PORT", 3000, 0, 65535);
  const timezone = env.REDRESS_TIMEZONE || "UTC";
  if (!isValidTimezone(timezone)) {
    throw new ConfigError("REDRESS_TIMEZONE", `"${timezone}" is not an IANA time zone such as Europe/London`);
  }
  const adminEmail = env.REDRESS_ADMIN_EMAIL || undefined;
  const adminPassword = env.REDRESS_ADMIN_PASSWORD || undefined;
  if (Boolean(adminEmail) !== Boolean(adminPassword)) {
    throw new ConfigError(
      adminEmail ? "REDRESS_ADMIN_PASSWORD" : "REDRESS_ADMIN_EMAIL",
      "set both REDRESS_ADMIN_EMAIL and REDRESS_ADMIN_PASSWORD, or neither",
    );
  }
  const host = env.HOST || "127.0.0.1";
  const publicUrl = url(env, "REDRESS_PUBLIC_URL", ["http:", "https:"]) ?? `http://localhost:${port}`;
  return {
    port,
    host,
    dataDir: resolve(env.REDRESS_DATA_DIR || "./data"),
    databaseUrl: url(env, "DATABASE_URL", ["postgres:", "postgresql:"]),
    timezone,
    adminEmail,
    adminPassword,
    publicUrl: publicUrl.replace(/\/+$/, ""),
    smtpUrl: url(env, "REDRESS_SMTP_URL", ["smtp:", "smtps:"]),
    mailFrom: env.REDRESS_MAIL_FROM || "Redress <redress@localhost>",
    orgName: env.REDRESS_ORG_NAME || "Customer Care",
    logLevel: env.LOG_LEVEL || "info",
    sessionHours: integer(env, "REDRESS_SESSION_HOURS", 12, 1, 24 * 30),
    bodyLimitBytes: integer(env, "REDRESS_BODY_LIMIT_KB", 1024, 16, 1024 * 1024) * 1024,
    phoneRegion: env.REDRESS_PHONE_REGION?.toUpperCase() || undefined,
    scheduler: env.REDRESS_SCHEDULER !== "off",
    sweepSeconds: integer(env, "REDRESS_SWEEP_SECONDS", 60, 1, 3600),
    attachmentMaxBytes: integer(env, "REDRESS_ATTACHMENT_MAX_MB", 20, 1, 1024) * 1024 * 1024,
    uploadScanCommand: command(env, "REDRESS_UPLOAD_SCAN_COMMAND"),
    uploadScanTimeoutMs: integer(env, "REDRESS_UPLOAD_SCAN_TIMEOUT_SECONDS", 30, 1, 600) * 1000,
    inboundToken: secret(env, "REDRESS_INBOUND_TOKEN"),
    imapUrl: url(env, "REDRESS_IMAP_URL", ["imap:", "imaps:"]),
    imapPollSeconds: integer(env, "REDRESS_IMAP_POLL_SECONDS", 60, 5, 3600),
    reportRecipients: emailList(env, "REDRESS_REPORT_RECIPIENTS"),
    chromiumPath: env.REDRESS_CHROMIUM || "/usr/bin/chromium",
    backupDir: env.REDRESS_BACKUP_DIR ? resolve(env.REDRESS_BACKUP_DIR) : undefined,
    backupKeepDaily: integer(env, "REDRESS_BACKUP_KEEP_DAILY", 7, 1, 366),
    backupKeepMonthly: integer(env, "REDRESS_BACKUP_KEEP_MONTHLY", 12, 0, 1200),
    backupHour: integer(env, "REDRESS_BACKUP_HOUR", 2, 0, 23),
    oidc: loadOidcConfig(env),
  };
}

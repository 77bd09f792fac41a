import type { FastifyBaseLogger } from "fastify";
import type { ImapFlow } from "imapflow";
import { redact } from "../config.js";
import type { Ctx } from "../context.js";
import { AppError } from "../errors.js";
import type { Job } from "../jobs/scheduler.js";
import { lazyRequire } from "../lazy.js";
import { receiveEmail } from "./inbound.service.js";

const imapflow = lazyRequire<{ ImapFlow: typeof ImapFlow }>("imapflow");

/** Where the poller reads: `imaps://user:pass@host:993/INBOX` (or imap://, which upgrades with STARTTLS when offered). */
export interface ImapTarget {
  host: string;
  port: number;
  secure: boolean;
  user: string;
  pass: string;
  mailbox: string;
}

export function parseImapUrl(raw: string): ImapTarget {
  const url = new URL(raw);
  const secure = url.protocol === "imaps:";
  const mailbox = decodeURIComponent(url.pathname.replace(/^\/+/, "")) || "INBOX";
  return {
    host: url.hostname,
    port: url.port ? Number(url.port) : secure ? 993 : 143,
    secure,
    user: decodeURIComponent(url.username),
    pass: decodeURIComponent(url.password),
    mailbox,
  };
}

export interface PollSummary {
  unseen: number;
  opened: number;
  threaded: number;
  ignored: number;
  duplicate: number;
  /** Malformed or too large: flagged in the mailbox for a person (\Seen \Flagged), never taken. */
  refused: number;
}

export interface ImapPollerOptions {
  /** Messages taken per poll at most; the rest wait for the next poll (keeps one poll short). */
  batch?: number;
  /** First wait after a failure, doubled on each further failure up to maxBackoffMs. */
  backoffMs?: number;
  maxBackoffMs?: number;
  now?: () => number;
}

export interface ImapPoller {
  /** One pass over the unseen mail; never throws (failures are logged and back off). */
  poll(): Promise<PollSummary | { skipped: string } | { failed: string }>;
}

/** imapflow logs every command at debug and info; only its warnings and errors reach the app's log. */
function quietLogger(log: FastifyBaseLogger) {
  const none = () => {};
  return {
    debug: none,
    info: none,
    warn: (obj: object) => log.warn({ imap: obj }, "imap client warning"),
    error: (obj: object) => log.error({ imap: obj }, "imap client error"),
  };
}

/**
 * R1: the mailbox poller. Each poll connects, locks the mailbox, takes the messages not yet \Seen (by
 * UID) through receiveEmail — the same path as the HTTP endpoint — and flags each \Seen only after its
 * transaction committed. A crash in between leaves it unseen: the next poll offers it again and the
 * Message-ID claim answers "duplicate". Connection failures back off (5 s, doubling to 5 min) and are
 * logged; nothing here ever throws into the process.
 */
export function createImapPoller(ctx: Ctx, url: string, options: ImapPollerOptions = {}): ImapPoller {
  const target = parseImapUrl(url);
  const batch = options.batch ?? 200;
  const backoffMs = options.backoffMs ?? 5_000;
  const maxBackoffMs = options.maxBackoffMs ?? 300_000;
  const now = options.now ?? Date.now;
  const log = ctx.log.child({ job: "imap-poll", mailbox: redact(url) });
  // The largest message the HTTP endpoint would take (inbound.routes.ts), so both doors agree.
  const maxMessageBytes = Math.ceil(ctx.config.attachmentMaxBytes * 1.5) + 1024 * 1024;
  let failures = 0;
  let retryAt = 0;

  async function takeOne(client: ImapFlow, uid: number, size: number, summary: PollSummary) {
    const flag = (flags: string[]) => client.messageFlagsAdd(String(uid), flags, { uid: true });
    if (size > maxMessageBytes) {
      log.warn({ uid, size, maxMessageBytes }, "message too large to take; flagged for a person");
      await flag(["\\Seen", "\\Flagged"]);
      summary.refused += 1;
      return;
    }
    const message = await client.fetchOne(String(uid), { source: true, internalDate: true }, { uid: true });
    if (message === false || !message.source) return; // expunged meanwhile
    const internalDate = message.internalDate ? new Date(message.internalDate) : undefined;
    try {
      const result = await receiveEmail(ctx, message.source, "imap", {
        ...(internalDate && !Number.isNaN(internalDate.getTime()) ? { receivedAt: internalDate } : {}),
      });
      summary[result.outcome] += 1;
      log.info(
        { uid, outcome: result.outcome, reference: result.reference, reason: result.reason },
        "email taken",
      );
    } catch (err) {
      // A message we can never take (malformed, refused intake) must not come back every minute.
      if (!(err instanceof AppError) || err.status >= 500) throw err;
      log.warn({ uid, code: err.code, detail: err.detail }, "email refused; flagged for a person");
      await flag(["\\Seen", "\\Flagged"]);
      summary.refused += 1;
      return;
    }
    await flag(["\\Seen"]);
  }

  async function pollMailbox(client: ImapFlow): Promise<PollSummary> {
    const summary: PollSummary = { unseen: 0, opened: 0, threaded: 0, ignored: 0, duplicate: 0, refused: 0 };
    const lock = await client.getMailboxLock(target.mailbox);
    try {
      const uids = (await client.search({ seen: false }, { uid: true })) || [];
      summary.unseen = uids.length;
      const taking = uids.slice(0, batch);
      if (taking.length === 0) return summary;
      const sizes = new Map<number, number>();
      for (const m of await client.fetchAll(taking.join(","), { size: true }, { uid: true })) {
        sizes.set(m.uid, m.size ?? 0);
      }
      for (const uid of taking) await takeOne(client, uid, sizes.get(uid) ?? 0, summary);
      return summary;
    } finally {
      lock.release();
    }
  }

  return {
    async poll() {
      if (now() < retryAt) return { skipped: `backing off after ${failures} failure(s)` };
      const client = new (imapflow().ImapFlow)({
        host: target.host,
        port: target.port,
        secure: target.secure,
        auth: { user: target.user, pass: target.pass },
        logger: quietLogger(log),
        disableAutoIdle: true,
        connectionTimeout: 30_000,
      });
      // An 'error' event nobody listens to would end the process.
      client.on("error", (err: Error) => log.warn({ err }, "imap connection error"));
      try {
        await client.connect();
        const summary = await pollMailbox(client);
        failures = 0;
        retryAt = 0;
        if (summary.unseen) log.info(summary, "imap poll done");
        return summary;
      } catch (err) {
        failures += 1;
        const wait = Math.min(backoffMs * 2 ** (failures - 1), maxBackoffMs);
        retryAt = now() + wait;
        log.error(
          { err, failures, retryInSeconds: Math.round(wait / 1000) },
          "imap poll failed; will reconnect",
        );
        return { failed: (err as Error).message };
      } finally {
        await client.logout().catch(() => client.close());
      }
    },
  };
}

/** The scheduled job (jobs.ts), when REDRESS_IMAP_URL is set: every REDRESS_IMAP_POLL_SECONDS. */
export function imapPollJob(ctx: Ctx, url: string, everySeconds: number): Job {
  const poller = createImapPoller(ctx, url);
  return { name: "imap-poll", everyMs: everySeconds * 1000, run: () => poller.poll() };
}

import { sql } from "drizzle-orm";
import { ImapFlow } from "imapflow";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../src/server/db/client.js";
import { createImapPoller, type ImapPoller } from "../src/server/inbound/imap.poller.js";
import { receiveEmail } from "../src/server/inbound/inbound.service.js";
import { createTestApp, type TestApp } from "./harness.js";
import { type Dovecot, findDovecot, IMAP_PASSWORD, IMAP_USER, startDovecot } from "./imap.js";

const dovecot = findDovecot();
const INSTALL = "install it with `apt-get install dovecot-imapd` (.ci/run does)";

// In CI a missing server is a failure, not a quiet skip: the poller would go untested.
if (!dovecot && process.env.CI) {
  describe("IMAP poller in CI", () => {
    it("needs dovecot", () => {
      throw new Error(`dovecot was not found at /usr/sbin/dovecot; ${INSTALL}`);
    });
  });
}

let serial = 0;
function message(options: { subject?: string; headers?: string; from?: string } = {}): Buffer {
  serial += 1;
  return Buffer.from(
    `From: ${options.from ?? `"Robin Imap" <robin.${serial}@example.com>`}\r\nTo: care@redress.test\r\n` +
      `Subject: ${options.subject ?? `Boiler ${serial} leaks`}\r\nMessage-ID: <imap-${serial}-${process.pid}@example.com>\r\n` +
      `${options.headers ?? ""}\r\nWater all over the kitchen floor.\r\n`,
  );
}

describe.skipIf(!dovecot)(
  `IMAP poller against a real dovecot (skipped when dovecot is missing: ${INSTALL})`,
  () => {
    let t: TestApp;
    let server: Dovecot;
    let poller: ImapPoller;
    let now = 0;

    async function withMailbox<T>(fn: (client: ImapFlow) => Promise<T>): Promise<T> {
      const client = new ImapFlow({
        host: "127.0.0.1",
        port: server.port,
        secure: false,
        auth: { user: IMAP_USER, pass: IMAP_PASSWORD },
        logger: false,
      });
      await client.connect();
      try {
        return await fn(client);
      } finally {
        await client.logout();
      }
    }
    const append = (raw: Buffer, date?: Date) =>
      withMailbox((client) => client.append("INBOX", raw, [], date));
    const flagsOf = () =>
      withMailbox(async (client) => {
        const lock = await client.getMailboxLock("INBOX");
        try {
          const all = await client.fetchAll("1:*", { flags: true, envelope: true });
          return new Map(all.map((m) => [m.envelope?.messageId ?? "", [...(m.flags ?? [])].sort()]));
        } finally {
          lock.release();
        }
      });
    const idOf = (raw: Buffer) => /^Message-ID: (.*)$/m.exec(raw.toString())![1]!.trim();
    const inbound = (messageId: string) =>
      queryRows<{ outcome: string; via: string; reason: string | null; received_at: Date | string }>(
        t.db,
        sql`SELECT outcome, via, reason, received_at FROM inbound_messages WHERE message_id = ${messageId}`,
      );

    beforeAll(async () => {
      server = await startDovecot(dovecot!);
      t = await createTestApp();
      poller = createImapPoller(t.ctx(), server.url, { backoffMs: 1_000, now: () => now });
    });
    afterAll(async () => {
      await server?.dispose();
      await t?.close();
    });

    it("opens cases from unseen mail, ignores auto-replies, flags what it cannot take, and marks all \\Seen", async () => {
      const complaint = message();
      const autoReply = message({ subject: "Out of office", headers: "Auto-Submitted: auto-replied\r\n" });
      const noSender = Buffer.from(
        "Subject: no sender\r\nMessage-ID: <nosender@example.com>\r\n\r\nhello\r\n",
      );
      const deliveredAt = new Date("2026-03-01T09:00:00Z");
      await append(complaint, deliveredAt);
      await append(autoReply);
      await append(noSender);

      expect(await poller.poll()).toEqual({
        unseen: 3,
        opened: 1,
        threaded: 0,
        ignored: 1,
        duplicate: 0,
        refused: 1,
      });
      const [opened] = await inbound(idOf(complaint));
      expect(opened).toMatchObject({ outcome: "opened", via: "imap" });
      const [c] = await queryRows<{ channel: string; received_at: Date | string; customer_name: string }>(
        t.db,
        sql`SELECT k.channel, k.received_at, k.customer_name FROM cases k
          JOIN inbound_messages m ON m.case_id = k.id WHERE m.message_id = ${idOf(complaint)}`,
      );
      // The case was received when the mailbox got the mail, not when the poller came by.
      expect({ ...c, received_at: new Date(c!.received_at).toISOString() }).toEqual({
        channel: "email",
        received_at: deliveredAt.toISOString(),
        customer_name: "Robin Imap",
      });
      expect((await inbound(idOf(autoReply)))[0]).toMatchObject({ outcome: "ignored", via: "imap" });
      expect(await inbound("<nosender@example.com>")).toEqual([]);
      const flags = await flagsOf();
      expect(flags.get(idOf(complaint))).toEqual(["\\Seen"]);
      expect(flags.get(idOf(autoReply))).toEqual(["\\Seen"]);
      expect(flags.get("<nosender@example.com>")).toEqual(["\\Flagged", "\\Seen"]);
    });

    it("finds nothing new on the next poll", async () => {
      const cases = await queryRows<{ n: number }>(t.db, sql`SELECT count(*)::int AS n FROM cases`);
      expect(await poller.poll()).toEqual({
        unseen: 0,
        opened: 0,
        threaded: 0,
        ignored: 0,
        duplicate: 0,
        refused: 0,
      });
      expect(await queryRows(t.db, sql`SELECT count(*)::int AS n FROM cases`)).toEqual(cases);
    });

    it("takes a message committed before a crash (not yet \\Seen) as a duplicate, and flags it", async () => {
      const raw = message();
      await append(raw);
      // A poll that committed this message and died before setting \Seen.
      const first = await receiveEmail(t.ctx(), raw, "imap");
      expect(first.outcome).toBe("opened");
      expect(await poller.poll()).toMatchObject({ unseen: 1, duplicate: 1, opened: 0 });
      expect((await flagsOf()).get(idOf(raw))).toEqual(["\\Seen"]);
    });

    it("reconnects after the server restarts", async () => {
      await server.restart();
      const raw = message();
      await append(raw);
      expect(await poller.poll()).toMatchObject({ unseen: 1, opened: 1 });
    });

    it("survives the server being down: logs, backs off, and takes the mail once it is back", async () => {
      await server.stop();
      const failed = await poller.poll();
      expect(failed).toHaveProperty("failed");
      expect(await poller.poll()).toEqual({ skipped: "backing off after 1 failure(s)" });
      await server.restart();
      const raw = message();
      await append(raw);
      now += 1_000;
      expect(await poller.poll()).toMatchObject({ unseen: 1, opened: 1 });
    });
  },
);

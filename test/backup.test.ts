import { randomBytes } from "node:crypto";
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, truncate, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import pino from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { main } from "../src/cli/main.js";
import { buildApp } from "../src/server/app.js";
import { verifyAuditTrail } from "../src/server/audit/audit.verify.js";
import { runScheduledBackup } from "../src/server/backup/backup.job.js";
import { createBackup, restoreBackup, verifyBackup } from "../src/server/backup/backup.service.js";
import { prepareDatabase } from "../src/server/bootstrap.js";
import { ManualClock } from "../src/server/clock.js";
import { loadConfig } from "../src/server/config.js";
import { systemActor } from "../src/server/context.js";
import { type Database, openDatabase, openPglite, queryRows } from "../src/server/db/client.js";
import { SettingsStore } from "../src/server/settings/settings.service.js";
import { createUser } from "../src/server/users/users.service.js";
import { baseDatabaseName, pgServerUrl, withAdminClient } from "./db.js";
import { caseInput } from "./factories.js";
import { PDF } from "./records.js";

const clock = new ManualClock("2026-03-02T10:00:00Z");
const log = pino({ level: "silent" });

/** A database with users, cases, a note and a file on each, as a running Redress would leave it. */
async function fill(database: Database, cases = 3) {
  const config = loadConfig({ REDRESS_TIMEZONE: "Europe/London" });
  await prepareDatabase(database, config, clock, log, { generateAdmin: false });
  const settings = new SettingsStore();
  const app = await buildApp({ database, db: database.db, clock, config, settings });
  const ctx = { db: database.db, actor: systemActor("test"), clock, log, config, settings };
  const agent = await createUser(ctx, {
    email: "agent@example.com",
    name: "Agent",
    password: "a long enough pass",
    roles: ["agent"],
  });
  const session = await app.inject({
    method: "POST",
    url: "/api/v1/session",
    payload: { email: agent.email, password: "a long enough pass" },
  });
  const cookie = session.headers["set-cookie"] as string;
  const headers = { cookie: cookie.split(";")[0]!, origin: config.publicUrl };
  for (let i = 0; i < cases; i++) {
    const created = await app.inject({ method: "POST", url: "/api/v1/cases", headers, payload: caseInput() });
    const data = new FormData();
    data.append("file", new Blob([PDF], { type: "application/pdf" }), `receipt-${i}.pdf`);
    const reference = created.json().reference;
    const upload = await app.inject({
      method: "POST",
      url: `/api/v1/cases/${reference}/attachments`,
      headers,
      payload: data,
    });
    expect(upload.statusCode).toBe(201);
  }
  await app.close();
}

async function summary(database: Database) {
  const [row] = await queryRows<{ cases: number; blobs: number; pdf: string }>(
    database.db,
    sql`SELECT (SELECT count(*)::int FROM cases) AS cases, (SELECT count(*)::int FROM attachment_blobs) AS blobs,
               (SELECT encode(content, 'escape') FROM attachment_blobs LIMIT 1) AS pdf`,
  );
  return { ...row!, audit: (await verifyAuditTrail(database.db)).ok };
}

describe("backups of the embedded database (R11)", () => {
  let root: string;
  let file: string;
  const out: string[] = [];
  const err: string[] = [];
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "redress-backup-test-"));
    const database = await openPglite(join(root, "live"));
    await fill(database);
    await database.close();
    file = join(root, "redress.backup");
    vi.stubEnv("DATABASE_URL", "");
    vi.spyOn(console, "log").mockImplementation((line: string) => void out.push(line));
    vi.spyOn(console, "error").mockImplementation((line: string) => void err.push(line));
  });
  afterEach(() => vi.stubEnv("REDRESS_DATA_DIR", join(root, "live")));
  afterAll(async () => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
    await rm(root, { recursive: true, force: true });
  });

  it("backs up with `redress backup`, verifies with --verify, and restores on a fresh machine", async () => {
    vi.stubEnv("REDRESS_DATA_DIR", join(root, "live"));
    expect(await main(["backup", file])).toBe(0);
    expect(out.at(-1)).toMatch(/backup written to .*: pglite, 3 cases, 3 attachments, \d+ audit events/);
    expect(await main(["backup", "--verify", file])).toBe(0);
    expect(out.at(-1)).toMatch(/verified: pglite backup of .*3 cases.*counts match, audit chain verified/);

    vi.stubEnv("REDRESS_DATA_DIR", join(root, "fresh"));
    expect(await main(["restore", file])).toBe(0);
    const restored = await openPglite(join(root, "fresh"));
    try {
      expect(await summary(restored)).toEqual({
        cases: 3,
        blobs: 1,
        pdf: expect.stringContaining("%PDF-1.4"),
        audit: true,
      });
    } finally {
      await restored.close();
    }
  });

  it("refuses to restore over a database that holds data unless forced, and then keeps the old one aside", async () => {
    vi.stubEnv("REDRESS_DATA_DIR", join(root, "fresh"));
    expect(await main(["restore", file])).toBe(1);
    expect(err.at(-1)).toContain("already holds a database; restore will not overwrite it");
    expect(await main(["restore", file, "--force"])).toBe(0);
    expect((await readdir(root)).some((name) => name.startsWith("fresh.replaced-"))).toBe(true);
  });

  it("refuses a truncated, damaged or foreign file before touching anything", async () => {
    const target = join(root, "untouched");
    await mkdir(target);
    vi.stubEnv("REDRESS_DATA_DIR", target);
    const cut = join(root, "cut.backup");
    await copyFile(file, cut);
    await truncate(cut, (await readFile(file)).byteLength - 100);
    expect(await main(["restore", cut])).toBe(1);
    expect(err.at(-1)).toMatch(/is truncated: the database part has \d+ bytes, the manifest says \d+/);

    const damaged = join(root, "damaged.backup");
    const bytes = await readFile(file);
    bytes[bytes.byteLength - 10] = bytes[bytes.byteLength - 10]! ^ 0xff;
    await writeFile(damaged, bytes);
    expect(await main(["restore", damaged])).toBe(1);
    expect(err.at(-1)).toContain("is damaged: its database part does not match the SHA-256");

    const foreign = join(root, "notes.pdf");
    await writeFile(foreign, PDF);
    expect(await main(["restore", foreign])).toBe(1);
    expect(err.at(-1)).toContain('is not a Redress backup (it does not start with "REDRESS-BACKUP 1")');
    expect(await main(["backup", "--verify", foreign])).toBe(1);
    expect(await readdir(target)).toEqual([]);
  });

  it("will not copy the embedded database from under a running Redress", async () => {
    const database = await openPglite(join(root, "live"));
    try {
      vi.stubEnv("REDRESS_DATA_DIR", join(root, "live"));
      expect(await main(["backup", join(root, "while-running.backup")])).toBe(1);
      expect(err.at(-1)).toContain("is in use");
    } finally {
      await database.close();
    }
  });

  it("takes the day's scheduled backup once, from the running server, and rotates old ones", async () => {
    const dir = join(root, "scheduled");
    await mkdir(dir);
    for (const day of ["2026-01-01", "2026-01-02", "2026-02-01", "2026-02-27", "2026-02-28", "2026-03-01"]) {
      await writeFile(join(dir, `redress-${day}.backup`), "old");
    }
    const database = await openPglite(join(root, "live"));
    try {
      const config = loadConfig({
        REDRESS_TIMEZONE: "Europe/London",
        REDRESS_DATA_DIR: join(root, "live"),
        REDRESS_BACKUP_DIR: dir,
        REDRESS_BACKUP_KEEP_DAILY: "2",
        REDRESS_BACKUP_KEEP_MONTHLY: "2",
      });
      const ctx = {
        db: database.db,
        actor: systemActor("scheduler"),
        clock,
        log,
        config,
        settings: new SettingsStore(),
      };
      const [first, second] = [
        await runScheduledBackup(ctx, database, dir),
        await runScheduledBackup(ctx, database, dir),
      ];
      expect(first).toMatchObject({
        backedUp: true,
        deleted: [
          "redress-2026-01-01.backup",
          "redress-2026-01-02.backup",
          "redress-2026-02-27.backup",
          "redress-2026-02-28.backup",
        ],
      });
      expect(second).toEqual({ backedUp: false });
      expect((await readdir(dir)).sort()).toEqual([
        "redress-2026-02-01.backup",
        "redress-2026-03-01.backup",
        "redress-2026-03-02.backup",
      ]);
      const report = await verifyBackup(join(dir, "redress-2026-03-02.backup"), undefined, clock.now());
      expect(report).toMatchObject({ mismatches: [], auditOk: true });
    } finally {
      await database.close();
    }
  });
});

const url = process.env.TEST_DATABASE_URL;

describe.runIf(url)("backups of a PostgreSQL database (R11)", () => {
  const made: string[] = [];
  let root: string;
  const fresh = async () => {
    const name = `${baseDatabaseName(url!)}_bk_${randomBytes(4).toString("hex")}`;
    await withAdminClient(url!, (c) => c.query(`CREATE DATABASE "${name}"`));
    made.push(name);
    return pgServerUrl(url!, name);
  };
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "redress-pg-backup-"));
  });
  afterAll(async () => {
    for (const name of made)
      await withAdminClient(url!, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    await rm(root, { recursive: true, force: true });
  });

  it("dumps one consistent snapshot, verifies it in a scratch database, and restores it into an empty one", async () => {
    const source = await fresh();
    const live = await openDatabase({ databaseUrl: source, dataDir: "" });
    await fill(live, 2);
    const file = join(root, "pg.backup");
    const manifest = await createBackup({ kind: "postgres", url: source }, file, clock.now());
    expect(manifest).toMatchObject({
      engine: "postgres",
      counts: { cases: 2, attachments: 2, attachment_blobs: 1 },
    });
    expect(await verifyBackup(file, source, clock.now())).toMatchObject({ mismatches: [], auditOk: true });

    const target = await fresh();
    const report = await restoreBackup({ kind: "postgres", url: target }, file, {
      force: false,
      now: clock.now(),
    });
    expect(report).toMatchObject({ mismatches: [], auditOk: true, counts: { cases: 2 } });
    const restored = await openDatabase({ databaseUrl: target, dataDir: "" });
    try {
      expect(await summary(restored)).toEqual({
        cases: 2,
        blobs: 1,
        pdf: expect.stringContaining("%PDF-1.4"),
        audit: true,
      });
    } finally {
      await restored.close();
    }

    await expect(
      restoreBackup({ kind: "postgres", url: source }, file, { force: false, now: clock.now() }),
    ).rejects.toThrow(/already has \d+ tables; restore will not overwrite it/);
    // Forced over a database that changed since: the backup's state comes back, in one transaction.
    await live.db.execute(sql`UPDATE users SET name = 'changed after the backup'`);
    await live.close();
    const forced = await restoreBackup({ kind: "postgres", url: source }, file, {
      force: true,
      now: clock.now(),
    });
    expect(forced).toMatchObject({ mismatches: [], auditOk: true });
    const again = await openDatabase({ databaseUrl: source, dataDir: "" });
    try {
      const names = await queryRows<{ name: string }>(again.db, sql`SELECT name FROM users`);
      expect(names.map((n) => n.name)).toEqual(["Agent"]);
    } finally {
      await again.close();
    }
    await expect(
      restoreBackup({ kind: "pglite", dataDir: join(root, "x") }, file, { force: false, now: clock.now() }),
    ).rejects.toThrow(/this is a postgres backup and the target is pglite/);
  });
});

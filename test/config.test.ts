import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/server/config.js";
import { openDatabase } from "../src/server/db/client.js";

describe("configuration", () => {
  it("has working defaults", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      host: "127.0.0.1",
      timezone: "UTC",
      publicUrl: "http://localhost:3000",
    });
    expect(config.dataDir).toMatch(/\/data$/);
    expect(config.databaseUrl).toBeUndefined();
  });

  it.each([
    [{ PORT: "eighty" }, "PORT"],
    [{ PORT: "70000" }, "PORT"],
    [{ REDRESS_TIMEZONE: "Mars/Olympus" }, "REDRESS_TIMEZONE"],
    [{ DATABASE_URL: "mysql://x@y/z" }, "DATABASE_URL"],
    [{ DATABASE_URL: "not a url" }, "DATABASE_URL"],
    [{ REDRESS_ADMIN_EMAIL: "a@example.com" }, "REDRESS_ADMIN_PASSWORD"],
    [{ REDRESS_SMTP_URL: "http://mail" }, "REDRESS_SMTP_URL"],
    [{ REDRESS_PUBLIC_URL: "localhost:3000" }, "REDRESS_PUBLIC_URL"],
    [{ REDRESS_UPLOAD_SCAN_COMMAND: "clamscan - | tee log" }, "REDRESS_UPLOAD_SCAN_COMMAND"],
    [{ REDRESS_UPLOAD_SCAN_COMMAND: '"/opt/my scanner" -' }, "REDRESS_UPLOAD_SCAN_COMMAND"],
    [{ REDRESS_UPLOAD_SCAN_TIMEOUT_SECONDS: "0" }, "REDRESS_UPLOAD_SCAN_TIMEOUT_SECONDS"],
  ])("refuses %o naming %s", (env, setting) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    try {
      loadConfig(env);
    } catch (error) {
      expect((error as ConfigError).setting).toBe(setting);
      expect((error as ConfigError).message.split("\n")).toHaveLength(1);
    }
  });

  it("splits REDRESS_UPLOAD_SCAN_COMMAND on whitespace into a program and its arguments; unset scans nothing", () => {
    expect(loadConfig({ REDRESS_UPLOAD_SCAN_COMMAND: "  clamdscan   --fdpass\t- " })).toMatchObject({
      uploadScanCommand: ["clamdscan", "--fdpass", "-"],
      uploadScanTimeoutMs: 30_000,
    });
    expect(loadConfig({ REDRESS_UPLOAD_SCAN_COMMAND: " " }).uploadScanCommand).toBeUndefined();
    expect(loadConfig({ REDRESS_UPLOAD_SCAN_TIMEOUT_SECONDS: "5" }).uploadScanTimeoutMs).toBe(5000);
  });

  it("hides the password of a DATABASE_URL it cannot reach, and names the setting", async () => {
    const error = await openDatabase({ databaseUrl: "postgres://u:s3cret@127.0.0.1:1/x", dataDir: "" }).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.setting).toBe("DATABASE_URL");
    expect(error.message).not.toContain("s3cret");
  });

  it("names REDRESS_DATA_DIR when the data directory cannot be written", async () => {
    const parent = await mkdtemp(join(tmpdir(), "redress-ro-"));
    await chmod(parent, 0o500);
    try {
      const error = await openDatabase({ dataDir: join(parent, "data") }).catch((e) => e);
      // root may write anywhere; then the directory opens and that is fine too
      if (error instanceof Error) {
        expect(error).toBeInstanceOf(ConfigError);
        expect((error as ConfigError).setting).toBe("REDRESS_DATA_DIR");
      } else {
        await error.close();
      }
    } finally {
      await chmod(parent, 0o700);
      await rm(parent, { recursive: true, force: true });
    }
  });
});

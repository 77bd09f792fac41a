import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { main } from "../src/cli/main.js";

/** The CLI in-process against its own embedded database, as an operator would run it. */
describe("redress CLI", () => {
  let dir: string;
  const out: string[] = [];
  const err: string[] = [];
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "redress-cli-"));
    vi.stubEnv("REDRESS_DATA_DIR", dir);
    vi.stubEnv("DATABASE_URL", "");
    vi.spyOn(console, "log").mockImplementation((line: string) => void out.push(line));
    vi.spyOn(console, "error").mockImplementation((line: string) => void err.push(line));
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
    await rm(dir, { recursive: true, force: true });
  });

  it("migrates, creates a user (printing a generated password once) and verifies the audit trail", async () => {
    expect(await main(["migrate"])).toBe(0);
    expect(out.join("\n")).toContain("migrations applied (pglite)");
    expect(
      await main(["create-user", "--email", "ops@example.com", "--name", "Ops", "--roles", "admin,auditor"]),
    ).toBe(0);
    expect(out.join("\n")).toMatch(/created ops@example.com \(admin, auditor\)/);
    expect(out.join("\n")).toMatch(/password: \S{12,}/);
    expect(await main(["audit-verify"])).toBe(0);
    expect(out.at(-1)).toMatch(/audit trail verified: \d+ events/);
  });

  it("refuses bad usage with exit code 2 and says what to do", async () => {
    expect(await main(["create-user", "--email", "x@example.com", "--name", "X", "--roles", "wizard"])).toBe(
      2,
    );
    expect(err.at(-1)).toContain("unknown role(s) wizard");
    expect(await main(["create-user", "--frobnicate"])).toBe(2);
    expect(await main(["explode"])).toBe(2);
    expect(err.join("\n")).toContain('unknown command "explode"');
  });

  it("reports a refused user (duplicate email) with exit code 1", async () => {
    expect(
      await main(["create-user", "--email", "OPS@example.com", "--name", "Ops 2", "--roles", "agent"]),
    ).toBe(1);
    expect(err.at(-1)).toContain("already exists");
  });

  it("names the setting when the environment is wrong", async () => {
    vi.stubEnv("REDRESS_TIMEZONE", "Atlantis/Capital");
    expect(await main(["migrate"])).toBe(1);
    expect(err.at(-1)).toMatch(/^redress: REDRESS_TIMEZONE: /);
    vi.stubEnv("REDRESS_TIMEZONE", "");
  });
});

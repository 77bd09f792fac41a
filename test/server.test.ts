import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { caseInput } from "./factories.js";

const ROOT = join(import.meta.dirname, "..");

/** Starts the real server process (from source, via tsx) and resolves with its banner once it listens. */
function startServer(env: Record<string, string>): Promise<{ child: ChildProcess; banner: string }> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "-e", "import('./src/cli/main.ts').then((m) => m.main(['start']))"],
    { cwd: ROOT, env: { ...process.env, ...env, LOG_LEVEL: "warn" }, stdio: ["ignore", "pipe", "pipe"] },
  );
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes("API: POST")) resolve({ child, banner: out });
    });
    child.stderr!.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.on("exit", (code) => reject(new Error(`server exited with ${code} before listening:\n${out}`)));
  });
}

const exited = (child: ChildProcess) => new Promise<number | null>((resolve) => child.on("exit", resolve));

describe("the server process", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "redress-server-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const env = () => ({
    REDRESS_DATA_DIR: dir,
    DATABASE_URL: "",
    PORT: "0",
    REDRESS_ADMIN_EMAIL: "boss@example.com",
    REDRESS_ADMIN_PASSWORD: "a long enough pass",
  });

  it("prints where it runs and how to sign in, then finishes requests in flight on SIGTERM", async () => {
    const { child, banner } = await startServer(env());
    expect(banner).toMatch(/Redress is running at http:\/\/localhost:\d+ \(embedded database in /);
    expect(banner).toContain("Sign in as boss@example.com");
    const base = banner.match(/running at (http:\/\/localhost:\d+)/)![1]!;
    const signIn = await fetch(`${base}/api/v1/session`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "boss@example.com", password: "a long enough pass" }),
    });
    const cookie = signIn.headers.get("set-cookie")!.split(";")[0]!;
    const requests = Array.from({ length: 20 }, () =>
      fetch(`${base}/api/v1/cases`, {
        method: "POST",
        headers: { "content-type": "application/json", cookie },
        body: JSON.stringify(caseInput()),
      }).then(
        (r) => r.status,
        () => "refused",
      ),
    );
    // Stop the server as soon as one create has been answered, with the others still in flight.
    await Promise.race(requests);
    child.kill("SIGTERM");
    const statuses = await Promise.all(requests);
    expect(await exited(child)).toBe(0);
    const accepted = statuses.filter((s) => s === 201).length;
    expect(accepted).toBeGreaterThan(0);
    expect(statuses.every((s) => s === 201 || s === 503 || s === "refused")).toBe(true);

    const again = await startServer(env());
    const base2 = again.banner.match(/running at (http:\/\/localhost:\d+)/)![1]!;
    const signIn2 = await fetch(`${base2}/api/v1/session`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "boss@example.com", password: "a long enough pass" }),
    });
    const list = await fetch(`${base2}/api/v1/cases?limit=100`, {
      headers: { cookie: signIn2.headers.get("set-cookie")!.split(";")[0]! },
    }).then((r) => r.json() as Promise<{ items: unknown[] }>);
    again.child.kill("SIGTERM");
    await exited(again.child);
    expect(list.items.length).toBe(accepted);
  }, 60_000);

  it("stops with one line naming the setting when the configuration is wrong", async () => {
    const failure = await startServer({ ...env(), REDRESS_TIMEZONE: "Nowhere/Land" }).catch(
      (e: Error) => e.message,
    );
    expect(failure).toContain("redress: REDRESS_TIMEZONE:");
  }, 30_000);
});

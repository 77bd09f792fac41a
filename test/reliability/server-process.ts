import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { baseDatabaseName, pgServerUrl, withAdminClient } from "../db.js";

const ROOT = join(import.meta.dirname, "..", "..");
export const ADMIN = { email: "crash-admin@example.com", password: "a long enough passphrase" };

export interface RedressProcess {
  child: ChildProcess;
  base: string;
  /** Resolves with the exit code or signal once the process has gone. */
  exited: Promise<number | string | null>;
  output(): string;
}

/**
 * Starts the real server process (from source, via tsx, as test/server.test.ts does) and resolves once it
 * listens. `start` runs migrations and the scheduler as in production.
 */
export function startRedress(env: Record<string, string>): Promise<RedressProcess> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "-e", "import('./src/cli/main.ts').then((m) => m.main(['start']))"],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: "0",
        LOG_LEVEL: "fatal",
        REDRESS_ADMIN_EMAIL: ADMIN.email,
        REDRESS_ADMIN_PASSWORD: ADMIN.password,
        REDRESS_TIMEZONE: "Europe/London",
        ...env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let out = "";
  const exited = new Promise<number | string | null>((resolve) =>
    child.on("exit", (code, signal) => resolve(code ?? signal)),
  );
  return new Promise((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const base = /running at (http:\/\/localhost:\d+)/.exec(out)?.[1];
      if (base && out.includes("API: POST")) resolve({ child, base, exited, output: () => out });
    });
    child.stderr!.on("data", (chunk: Buffer) => (out += chunk.toString()));
    void exited.then((code) => reject(new Error(`server exited (${code}) before listening:\n${out}`)));
  });
}

/** Signs in as the first admin (every role) and returns the session cookie. */
export async function signInAdmin(base: string): Promise<string> {
  const res = await fetch(`${base}/api/v1/session`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(ADMIN),
  });
  if (res.status !== 200) throw new Error(`sign-in: ${res.status} ${await res.text()}`);
  return res.headers.get("set-cookie")!.split(";")[0]!;
}

/** A fresh, empty database next to TEST_DATABASE_URL's, dropped by the returned function. */
export async function freshDatabase(
  testUrl: string,
  tag: string,
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${baseDatabaseName(testUrl)}_${tag}_${randomBytes(4).toString("hex")}`;
  await withAdminClient(testUrl, (c) => c.query(`CREATE DATABASE "${name}"`));
  return {
    url: pgServerUrl(testUrl, name),
    drop: () =>
      withAdminClient(testUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(
        () => {},
      ),
  };
}

export interface Answer {
  status: number | "no answer";
  body: Record<string, unknown> | undefined;
}

/** One JSON call; a connection that dies (the process was killed) is "no answer", not an exception. */
export async function call(
  base: string,
  cookie: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> {
  try {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { cookie, ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: Record<string, unknown> | undefined;
    try {
      parsed = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
    } catch {
      parsed = undefined;
    }
    return { status: res.status, body: parsed };
  } catch {
    return { status: "no answer", body: undefined };
  }
}

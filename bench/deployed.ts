import { execFile, spawn } from "node:child_process";
import { cp, mkdtemp, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { promisify } from "node:util";
import type { DbKind } from "./options.js";
import { databaseUrl, withAdmin } from "./sql.js";

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, "..");
const START_TIMEOUT_MS = 60_000;
const SETTLE_MS = 3_000;

export interface DeployedRss {
  /** The first start on an empty database (PGlite runs initdb then). */
  firstStartMb: number;
  /** A restart on the database the first start made: the usual case. */
  restartMb: number;
}

/**
 * The idle RSS of Redress as deployed: compiled JavaScript in a process of its own (`redress start`,
 * scheduler on), not this TypeScript-on-the-fly benchmark process, whose loader (tsx) adds ~90 MB.
 * The build goes to a temporary directory (dist/ is left alone) that links back to node_modules and
 * the migrations.
 */
export async function deployedIdleRss(kind: DbKind, pgServerUrl: string): Promise<DeployedRss> {
  const build = await mkdtemp(join(tmpdir(), "redress-bench-build-"));
  const data = await mkdtemp(join(tmpdir(), "redress-bench-rss-"));
  const dbName = `redress_bench_rss_${Date.now()}`;
  try {
    await run(process.execPath, [
      join(ROOT, "node_modules/typescript/bin/tsc"),
      ...["-p", join(ROOT, "tsconfig.build.json"), "--outDir", build, "--noCheck", "--sourceMap", "false"],
    ]);
    await cp(join(ROOT, "package.json"), join(build, "package.json"));
    await symlink(join(ROOT, "node_modules"), join(build, "node_modules"));
    await symlink(join(ROOT, "src/server/db/migrations"), join(build, "src/server/db/migrations"));
    if (kind === "postgres")
      await withAdmin(pgServerUrl, (admin) => admin.query(`CREATE DATABASE "${dbName}"`));
    const env = {
      ...process.env,
      PORT: "0",
      LOG_LEVEL: "warn",
      REDRESS_DATA_DIR: data,
      REDRESS_ADMIN_EMAIL: "admin@bench.example",
      REDRESS_ADMIN_PASSWORD: "bench-admin-password-1",
      DATABASE_URL: kind === "postgres" ? databaseUrl(pgServerUrl, dbName) : "",
    };
    const entry = join(build, "src/cli/main.js");
    const firstStartMb = await idleRssMb(entry, env);
    return { firstStartMb, restartMb: await idleRssMb(entry, env) };
  } finally {
    await rm(build, { recursive: true, force: true });
    await rm(data, { recursive: true, force: true });
    if (kind === "postgres") {
      await withAdmin(pgServerUrl, (admin) =>
        admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`),
      );
    }
  }
}

/** Starts `redress start` from `entry`, waits until it is up and has settled, reads its RSS, stops it. */
async function idleRssMb(entry: string, env: NodeJS.ProcessEnv): Promise<number> {
  const script = `const { main } = await import(${JSON.stringify(entry)}); await main(["start"]);`;
  const server = spawn(process.execPath, ["--input-type=module", "-e", script], { env, stdio: "pipe" });
  try {
    await started(server.stdout, server.stderr);
    await sleep(SETTLE_MS);
    const { stdout } = await run("ps", ["-o", "rss=", "-p", String(server.pid)]);
    return Math.round(Number(stdout.trim()) / 1024);
  } finally {
    server.kill("SIGTERM");
    await new Promise((done) => server.once("exit", done));
  }
}

/** Resolves when the server prints its address; rejects on exit or timeout with what it printed. */
function started(stdout: NodeJS.ReadableStream, stderr: NodeJS.ReadableStream): Promise<void> {
  return new Promise((resolveStarted, reject) => {
    let output = "";
    const timer = setTimeout(() => reject(new Error(`Redress did not start:\n${output}`)), START_TIMEOUT_MS);
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("Redress is running at")) {
        clearTimeout(timer);
        resolveStarted();
      }
    };
    stdout.on("data", collect);
    stderr.on("data", collect);
    stdout.on("end", () => reject(new Error(`Redress exited:\n${output}`)));
  });
}

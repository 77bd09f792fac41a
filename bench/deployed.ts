import { type ChildProcess, execFile, spawn } from "node:child_process";
import { cp, mkdtemp, readFile, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { promisify } from "node:util";
import type { DbKind } from "./options.js";
import { scratchDatabase } from "./sql.js";

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, "..");
const START_TIMEOUT_MS = 60_000;
const SETTLE_MS = 3_000;
/** What a running server printed last (its warnings and errors), kept for a failure's message. */
const OUTPUT_TAIL_CHARS = 20_000;

export interface DeployedRss {
  /** The first start on an empty database (PGlite runs initdb then). */
  firstStartMb: number;
  /** A restart on the database the first start made: the usual case. */
  restartMb: number;
}

/** A compiled copy of Redress in a temporary directory; `entry` is its CLI module. */
export interface DeployedBuild {
  entry: string;
  remove(): Promise<void>;
}

/** `redress start` from a build, in a process of its own. */
export interface DeployedServer {
  pid: number;
  baseUrl: string;
  /** The tail of what it printed (stdout and stderr). */
  output(): string;
  /** SIGTERM (requests in flight finish, the database closes) and wait for the exit. */
  stop(): Promise<void>;
}

/**
 * Compiles Redress as deployed: JavaScript, not this TypeScript-on-the-fly benchmark process, whose loader
 * (tsx) adds ~90 MB. The build goes to a temporary directory (dist/ is left alone) that links back to
 * node_modules and the migrations.
 */
export async function buildDeployed(): Promise<DeployedBuild> {
  const build = await mkdtemp(join(tmpdir(), "redress-bench-build-"));
  try {
    await run(process.execPath, [
      join(ROOT, "node_modules/typescript/bin/tsc"),
      ...["-p", join(ROOT, "tsconfig.build.json"), "--outDir", build, "--noCheck", "--sourceMap", "false"],
    ]);
    await cp(join(ROOT, "package.json"), join(build, "package.json"));
    await symlink(join(ROOT, "node_modules"), join(build, "node_modules"));
    await symlink(join(ROOT, "src/server/db/migrations"), join(build, "src/server/db/migrations"));
  } catch (error) {
    await rm(build, { recursive: true, force: true });
    throw error;
  }
  return {
    entry: join(build, "src/cli/main.js"),
    remove: () => rm(build, { recursive: true, force: true }),
  };
}

/** Starts `redress start` from `entry` with `env` and resolves once it listens. */
export async function startDeployed(entry: string, env: NodeJS.ProcessEnv): Promise<DeployedServer> {
  const script = `const { main } = await import(${JSON.stringify(entry)}); await main(["start"]);`;
  const child = spawn(process.execPath, ["--input-type=module", "-e", script], { env, stdio: "pipe" });
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  let output = "";
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-OUTPUT_TAIL_CHARS);
  };
  child.stdout!.on("data", collect);
  child.stderr!.on("data", collect);
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await exited;
  };
  try {
    const baseUrl = await started(child, () => output);
    return { pid: child.pid!, baseUrl, output: () => output, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * The idle RSS of Redress as deployed (`redress start`, scheduler on), after its first start on an empty
 * database and after a restart.
 */
export async function deployedIdleRss(kind: DbKind, pgServerUrl: string): Promise<DeployedRss> {
  const build = await buildDeployed();
  const data = await mkdtemp(join(tmpdir(), "redress-bench-rss-"));
  let database: Awaited<ReturnType<typeof scratchDatabase>> | undefined;
  try {
    if (kind === "postgres") database = await scratchDatabase(pgServerUrl, "redress_bench_rss");
    const env = {
      ...process.env,
      PORT: "0",
      LOG_LEVEL: "warn",
      REDRESS_DATA_DIR: data,
      REDRESS_ADMIN_EMAIL: "admin@bench.example",
      REDRESS_ADMIN_PASSWORD: "bench-admin-password-1",
      DATABASE_URL: database?.url ?? "",
    };
    const firstStartMb = await idleRssMb(build.entry, env);
    return { firstStartMb, restartMb: await idleRssMb(build.entry, env) };
  } finally {
    await build.remove();
    await rm(data, { recursive: true, force: true });
    await database?.drop();
  }
}

/** Starts the server, waits until it has settled, reads its RSS, stops it. */
async function idleRssMb(entry: string, env: NodeJS.ProcessEnv): Promise<number> {
  const server = await startDeployed(entry, env);
  try {
    await sleep(SETTLE_MS);
    return Math.round(await processRssMb(server.pid));
  } finally {
    await server.stop();
  }
}

/** A process's resident set size in MB: VmRSS from /proc (Linux), else what `ps` reports. */
export async function processRssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8").catch(() => "");
  const kb =
    /^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? (await run("ps", ["-o", "rss=", "-p", String(pid)])).stdout;
  return Math.round((Number(kb.trim()) / 1024) * 10) / 10;
}

/** Resolves with the address once the server prints it; rejects on exit or timeout with what it printed. */
function started(child: ChildProcess, output: () => string): Promise<string> {
  return new Promise((resolveStarted, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`Redress did not start:\n${output()}`)),
      START_TIMEOUT_MS,
    );
    const check = () => {
      const url = /Redress is running at (http:\/\/\S+)/.exec(output())?.[1];
      if (!url) return;
      clearTimeout(timer);
      child.stdout!.off("data", check);
      resolveStarted(url);
    };
    child.stdout!.on("data", check);
    child.once("exit", () => {
      clearTimeout(timer);
      reject(new Error(`Redress exited:\n${output()}`));
    });
  });
}

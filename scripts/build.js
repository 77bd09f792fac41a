// Builds what Redress serves: the server and CLI (tsc → dist/) and the web app (vite → dist/web).
// `npm start` and `npx redress` call ensureBuilt(), which rebuilds each part only when one of its source
// files is newer than its last build, so a start with nothing changed costs a directory scan.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

const PARTS = {
  server: {
    label: "server and CLI",
    stamp: join(root, "dist", ".build-stamp"),
    sources: ["src/server", "src/cli", "src/shared", "tsconfig.json", "tsconfig.build.json", "package.json"],
    command: () => [
      join(root, "node_modules", "typescript", "bin", "tsc"),
      "-p",
      join(root, "tsconfig.build.json"),
    ],
    failure: "see the TypeScript errors above",
  },
  web: {
    label: "web app",
    stamp: join(root, "dist", ".web-build-stamp"),
    sources: ["src/web", "src/shared", "vite.config.ts", "package.json"],
    command: () => [join(root, "node_modules", "vite", "bin", "vite.js"), "build", "--logLevel", "warn"],
    failure: "see the Vite errors above",
  },
};

function newestMtime(path) {
  const full = join(root, path);
  if (!existsSync(full)) return 0;
  const stat = statSync(full);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(full)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

function isStale(part) {
  if (!existsSync(part.stamp)) return true;
  const built = statSync(part.stamp).mtimeMs;
  return part.sources.some((path) => newestMtime(path) > built);
}

export function isBuildStale() {
  return Object.values(PARTS).some(isStale);
}

function buildPart(part) {
  process.stderr.write(`Building Redress (${part.label})...\n`);
  // A production build even when started from a test run (vitest sets NODE_ENV=test).
  const env = { ...process.env, NODE_ENV: "production" };
  const result = spawnSync(process.execPath, part.command(), { cwd: root, stdio: "inherit", env });
  if (result.status !== 0) throw new Error(`build of the ${part.label} failed: ${part.failure}`);
  mkdirSync(dirname(part.stamp), { recursive: true });
  writeFileSync(part.stamp, new Date().toISOString());
}

/** Builds everything (`npm run build`). */
export function build() {
  for (const part of Object.values(PARTS)) buildPart(part);
}

/** Builds the parts whose sources changed since their last build (all parts, or those named). */
export function ensureBuilt(names = Object.keys(PARTS)) {
  for (const name of names) if (isStale(PARTS[name])) buildPart(PARTS[name]);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    // `--if-stale [web|server]`: only what changed (the e2e tests use `--if-stale web`).
    const stale = process.argv.indexOf("--if-stale");
    if (stale >= 0) ensureBuilt(process.argv[stale + 1] ? [process.argv[stale + 1]] : undefined);
    else build();
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
}

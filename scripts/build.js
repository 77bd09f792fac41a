// Builds what Redress serves: the server and CLI (tsc → dist/). `npm start` and `npx redress` call
// ensureBuilt(), which rebuilds only when a source file is newer than the last build.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const stamp = join(root, "dist", ".build-stamp");
const SOURCES = [
  "src/server",
  "src/cli",
  "src/shared",
  "tsconfig.json",
  "tsconfig.build.json",
  "package.json",
];

function newestMtime(path) {
  const full = join(root, path);
  if (!existsSync(full)) return 0;
  const stat = statSync(full);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(full)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

export function isBuildStale() {
  if (!existsSync(stamp)) return true;
  const built = statSync(stamp).mtimeMs;
  return SOURCES.some((path) => newestMtime(path) > built);
}

export function build() {
  process.stderr.write("Building Redress (server and CLI)...\n");
  const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
  const result = spawnSync(process.execPath, [tsc, "-p", join(root, "tsconfig.build.json")], {
    cwd: root,
    stdio: "inherit",
  });
  if (result.status !== 0) throw new Error("build failed: see the TypeScript errors above");
  writeFileSync(stamp, new Date().toISOString());
}

export function ensureBuilt() {
  if (isBuildStale()) build();
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    build();
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
}

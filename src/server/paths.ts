import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The checkout's root (where package.json is), whether running from src/ or from the build in dist/. */
export function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json"))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error("cannot find the Redress checkout (package.json)");
    dir = parent;
  }
  return dir;
}

export const migrationsFolder = () => join(projectRoot(), "src/server/db/migrations");

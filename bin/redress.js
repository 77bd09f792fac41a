#!/usr/bin/env node
// The `redress` command (package.json "bin"): builds on first use, then runs the CLI from dist/.
import { ensureBuilt } from "../scripts/build.js";

try {
  ensureBuilt();
} catch (error) {
  console.error(`redress: ${error.message}`);
  process.exit(1);
}
const { main } = await import("../dist/src/cli/main.js");
process.exitCode = await main(process.argv.slice(2));

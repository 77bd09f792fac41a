import { spawn } from "node:child_process";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { loadavg } from "node:os";
import { dirname } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { benchCreate } from "./create.js";
import { deployedIdleRss } from "./deployed.js";
import { log } from "./load.js";
import { describeMachine, describeSource, rssMb, serverVersion, sizesMb } from "./machine.js";
import { type DbKind, type Options, parseOptions, USAGE } from "./options.js";
import { benchReads } from "./reads.js";
import { writeReport } from "./report.js";
import { seed } from "./seed.js";
import { startServer } from "./server.js";
import type { BenchResults, DbRun } from "./types.js";

/**
 * `npm run bench`: for each database, start Redress in this process, seed N cases, measure case creation
 * (API and bare SQL), reads and memory; write bench/results/<timestamp>.json and docs/performance.md.
 * With --db both, each database runs in a child process of its own, so that its memory is its own.
 */
async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  let options: Options;
  try {
    options = parseOptions(argv);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
    process.exit(2);
  }
  const command =
    process.env.BENCH_COMMAND ?? ["npm run bench", ...(argv.length ? ["--", ...argv] : [])].join(" ");
  if (options.reportOnly) {
    log(`wrote ${await writeReport(dirname(options.out))}`);
    return;
  }
  const startedAt = new Date().toISOString();
  if (options.partial) {
    const run = await benchDatabase(options.dbs[0]!, options, command);
    await writeFile(options.partial, JSON.stringify(run));
    return;
  }
  const runs: DbRun[] = [];
  if (options.dbs.length === 1) {
    runs.push(await benchDatabase(options.dbs[0]!, options, command));
  } else {
    for (const kind of options.dbs) runs.push(await runInChild(kind, options, command));
  }
  const results: BenchResults = { startedAt, command, machine: describeMachine(), runs };
  await mkdir(dirname(options.out), { recursive: true });
  await writeFile(options.out, `${JSON.stringify(results, null, 2)}\n`);
  log(`wrote ${options.out}`);
  log(`wrote ${await writeReport(dirname(options.out))}`);
}

async function benchDatabase(kind: DbKind, options: Options, command: string): Promise<DbRun> {
  const startedAt = new Date().toISOString();
  const atStart = loadavg()[0]!;
  log(`${kind}: idle RSS of Redress as deployed (compiled, own process)`);
  const deployed = await deployedIdleRss(kind, options.pgUrl);
  log(`${kind}: ${deployed.firstStartMb} MB after the first start, ${deployed.restartMb} MB after a restart`);
  const beforeOpenMb = rssMb();
  log(`${kind}: starting Redress in this process`);
  const server = await startServer(kind, options.pgUrl);
  try {
    await sleep(1000);
    const idleMb = rssMb();
    const version = await serverVersion(server.sql);
    log(
      `${kind} ${version}: ${server.baseUrl}, idle RSS ${idleMb} MB; seeding ${options.cases.toLocaleString("en")} cases`,
    );
    const { result: seedResult, sample } = await seed(server.sql, kind, options.cases);
    const afterSeedMb = rssMb();
    log(
      `${kind}: seeded in ${seedResult.totalSeconds} s (indexes ${seedResult.indexSeconds} s); measuring creates`,
    );
    const create = await benchCreate(server, sample, options.seconds);
    log(`${kind}: measuring reads`);
    const reads = await benchReads(server, sample, options.requests);
    const afterLoadMb = rssMb();
    log(`${kind}: RSS idle ${idleMb} MB, after seeding ${afterSeedMb} MB, after load ${afterLoadMb} MB`);
    return {
      db: kind,
      source: describeSource(),
      version,
      startedAt,
      finishedAt: new Date().toISOString(),
      command,
      cases: options.cases,
      seconds: options.seconds,
      seed: seedResult,
      create,
      reads,
      memory: {
        deployedFirstStartMb: deployed.firstStartMb,
        deployedIdleMb: deployed.restartMb,
        beforeOpenMb,
        idleMb,
        afterSeedMb,
        afterLoadMb,
      },
      loadAverage: { atStart, atEnd: loadavg()[0]! },
      sizesMb: await sizesMb(server.sql),
    };
  } finally {
    await server.close({ keep: options.keep });
    if (options.keep) log(`${kind}: kept ${server.location}`);
  }
}

/** Runs one database in a fresh `node --import tsx bench/run.ts --partial <file>` and reads its result. */
async function runInChild(kind: DbKind, options: Options, command: string): Promise<DbRun> {
  const partial = `${options.out}.${kind}.tmp`;
  await mkdir(dirname(partial), { recursive: true });
  const args = [
    ...process.execArgv,
    process.argv[1]!,
    ...["--db", kind, "--cases", String(options.cases), "--seconds", String(options.seconds)],
    ...["--requests", String(options.requests), "--pg-url", options.pgUrl, "--partial", partial],
    ...(options.keep ? ["--keep"] : []),
  ];
  const child = spawn(process.execPath, args, {
    stdio: "inherit",
    env: { ...process.env, BENCH_COMMAND: command },
  });
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  if (code !== 0) throw new Error(`the ${kind} benchmark failed (exit code ${code})`);
  const run = JSON.parse(await readFile(partial, "utf8")) as DbRun;
  await rm(partial);
  return run;
}

// Exit explicitly: keep-alive sockets of fetch would otherwise hold the process for a while.
main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);

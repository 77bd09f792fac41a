import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { ADMIN } from "../test/reliability/server-process.js";
import { startSmtp } from "../test/smtp.js";
import { buildDeployed, type DeployedServer, processRssMb, startDeployed } from "./deployed.js";
import { log } from "./load.js";
import { describeMachine, describeSource } from "./machine.js";
import {
  heapFromMetrics,
  judgeMemory,
  type MemorySample,
  median,
  runOpenLoop,
  type Summary,
  summarise,
} from "./soak.measure.js";
import { connectClient, type Operation, Workload } from "./soak.workload.js";
import { connectPostgres, scratchDatabase } from "./sql.js";

const USAGE = `npm run bench:soak -- [options]
  --db KIND          pglite | postgres (default pglite)
  --rate R           requests per second, started on a timer (default 20)
  --minutes M        length of the timed run (default 10)
  --prefill N        cases created before the timed run (default 200)
  --max-slope MB     the most RSS may grow per 10 minutes over the second half (default 10)
  --out FILE         results JSON (default bench/results/soak-<db>-<timestamp>.json)
  --pg-url URL       PostgreSQL server for the scratch database
                     (default $BENCH_PG_URL or postgres://postgres@127.0.0.1:5432/postgres)`;

const SAMPLE_SECONDS = 10;

function options(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      db: { type: "string", default: "pglite" },
      rate: { type: "string", default: "20" },
      minutes: { type: "string", default: "10" },
      prefill: { type: "string", default: "200" },
      "max-slope": { type: "string", default: "10" },
      out: { type: "string" },
      "pg-url": { type: "string" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const number = (name: string, raw: string, min: number) => {
    const value = Number(raw);
    if (!Number.isFinite(value) || value < min) throw new Error(`--${name} must be a number ≥ ${min}`);
    return value;
  };
  if (values.db !== "pglite" && values.db !== "postgres") throw new Error("--db must be pglite or postgres");
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  return {
    db: values.db,
    rate: number("rate", values.rate, 0.1),
    seconds: Math.round(number("minutes", values.minutes, 0.5) * 60),
    prefill: Math.round(number("prefill", values.prefill, 0)),
    maxSlope: number("max-slope", values["max-slope"], 0),
    out: values.out ?? `bench/results/soak-${values.db}-${stamp}.json`,
    pgUrl: values["pg-url"] ?? process.env.BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres",
  };
}

/**
 * `npm run bench:soak`: Redress as deployed (compiled, `redress start` with its scheduler and an SMTP
 * server to send to), in a process of its own, under a steady mixed load for --minutes; its RSS every 10 s.
 * Passes when memory is flat over the second half and nothing failed. Writes bench/results/soak-*.json.
 */
async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  let o: ReturnType<typeof options>;
  try {
    o = options(argv);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  const command = ["npm run bench:soak", ...(argv.length ? ["--", ...argv] : [])].join(" ");
  const startedAt = new Date().toISOString();
  log(`${o.db}: compiling Redress as deployed`);
  const build = await buildDeployed();
  const data = await mkdtemp(join(tmpdir(), "redress-soak-"));
  let smtp: Awaited<ReturnType<typeof startSmtp>> | undefined;
  let database: Awaited<ReturnType<typeof scratchDatabase>> | undefined;
  let server: DeployedServer | undefined;
  try {
    smtp = await startSmtp();
    if (o.db === "postgres") database = await scratchDatabase(o.pgUrl, "redress_soak");
    const env = {
      ...process.env,
      PORT: "0",
      LOG_LEVEL: "warn",
      REDRESS_DATA_DIR: data,
      REDRESS_ADMIN_EMAIL: ADMIN.email,
      REDRESS_ADMIN_PASSWORD: ADMIN.password,
      REDRESS_SMTP_URL: smtp.url,
      DATABASE_URL: database?.url ?? "",
    };
    // The first start creates the database (PGlite's initdb leaves ~450 MB behind: bench/deployed.ts);
    // a server usually runs after a restart, so the soak does too.
    await (await startDeployed(build.entry, env)).stop();
    server = await startDeployed(build.entry, env);
    const running = server;
    const dbSizeMb = () =>
      database ? postgresSizeMb(database.url) : dirSizeMb(data).then((mb) => Math.round(mb * 10) / 10);
    const workload = new Workload(await connectClient(server.baseUrl));
    log(`${o.db}: ${server.baseUrl} (pid ${server.pid}); creating ${o.prefill} cases first`);
    await workload.prefill(o.prefill);
    const sizeBeforeMb = await dbSizeMb();
    const samples: (MemorySample & { load1: number })[] = [];
    const takeSample = async (at: number) => {
      const metrics = await fetch(`${running.baseUrl}/metrics`).then(
        (r) => r.text(),
        () => "",
      );
      const sample = {
        at,
        rssMb: await processRssMb(running.pid),
        ...emptyHeap(),
        ...heapFromMetrics(metrics),
      };
      samples.push({ ...sample, load1: Math.round(loadavg()[0]! * 100) / 100 });
      const so = summarise(workload.records);
      log(
        `  ${String(at).padStart(4)} s  RSS ${sample.rssMb} MB, heap ${sample.heapUsedMb ?? "?"} of ${sample.heapTotalMb ?? "?"} MB, ` +
          `${so.requests} requests, ${so.errors} errors, ${workload.created} created, ${workload.closed} closed`,
      );
    };
    log(`${o.db}: ${o.rate} requests/s for ${o.seconds / 60} min (load average ${loadavg()[0]!.toFixed(2)})`);
    workload.start();
    await takeSample(0);
    let tick = 0;
    const sampler = setInterval(() => {
      const at = ++tick * SAMPLE_SECONDS;
      if (at < o.seconds) void takeSample(at);
    }, SAMPLE_SECONDS * 1000);
    const loop = await runOpenLoop(o.rate, o.seconds, (dueAt) => workload.next(dueAt));
    clearInterval(sampler);
    await takeSample(o.seconds);
    const sizeAfterMb = await dbSizeMb();

    const memory = judgeMemory(samples, o.seconds, o.maxSlope);
    const all = summarise(workload.records);
    const passed = memory.flat && all.errors === 0 && all.serverErrors === 0 && loop.dropped === 0;
    const minute = (m: number) => [m * 60, (m + 1) * 60] as const;
    const last = Math.max(0, o.seconds - 60);
    const results = {
      kind: "soak",
      startedAt,
      finishedAt: new Date().toISOString(),
      command,
      source: describeSource(),
      machine: describeMachine(),
      db: o.db,
      rate: o.rate,
      seconds: o.seconds,
      prefill: o.prefill,
      maxSlopeMbPer10Min: o.maxSlope,
      passed,
      loadAverage: {
        atStart: samples[0]!.load1,
        atEnd: samples.at(-1)!.load1,
        median: median(samples.map((s) => s.load1)),
      },
      openLoop: loop,
      total: all,
      phases: {
        "first minute": summarise(workload.records, ...minute(0)),
        "first half": summarise(workload.records, 0, o.seconds / 2),
        "second half": summarise(workload.records, o.seconds / 2),
        "last minute": summarise(workload.records, last),
      },
      byOperation: byOperation(workload),
      cases: { created: workload.created, closed: workload.closed },
      databaseMb: { afterPrefill: sizeBeforeMb, atEnd: sizeAfterMb },
      emailsSent: smtp.received.length,
      memory,
      samples: samples.map((s) => ({ ...s, ...summarise(workload.records, s.at - SAMPLE_SECONDS, s.at) })),
      errorSamples: workload.errorSamples,
    };
    await mkdir(join(o.out, ".."), { recursive: true });
    await writeFile(o.out, `${JSON.stringify(results, null, 2)}\n`);
    printTable(workload.records, samples, o.seconds);
    log(
      `RSS first minute ${memory.firstMinuteMb} MB, last minute ${memory.lastMinuteMb} MB; slope over the ` +
        `second half ${memory.rssSlopeMbPer10Min} MB/10 min (limit ${o.maxSlope}), heap ${memory.heapSlopeMbPer10Min} MB/10 min`,
    );
    log(
      `${all.requests} requests (${loop.dropped} dropped), p50 ${all.p50} ms, p95 ${all.p95} ms; ${all.errors} errors ` +
        `(${all.serverErrors} 5xx), ${all.conflicts} conflicts; database ${sizeBeforeMb} → ${sizeAfterMb} MB`,
    );
    for (const sample of workload.errorSamples) log(`  error: ${sample}`);
    if (all.serverErrors > 0) process.stderr.write(`server output (tail):\n${server.output()}\n`);
    log(`wrote ${o.out}: ${passed ? "PASS" : "FAIL"}`);
    return passed ? 0 : 1;
  } finally {
    await server?.stop();
    await smtp?.close();
    await database?.drop();
    await rm(data, { recursive: true, force: true });
    await build.remove();
  }
}

const emptyHeap = () => ({ heapUsedMb: undefined, heapTotalMb: undefined, externalMb: undefined });

function byOperation(workload: Workload): Record<string, Summary> {
  const ops = [...new Set(workload.records.map((r) => r.op))].sort() as Operation[];
  return Object.fromEntries(ops.map((op) => [op, summarise(workload.records.filter((r) => r.op === op))]));
}

/** One row a minute: requests, latency, failures, and the minute's median RSS and heap. */
function printTable(records: Workload["records"], samples: readonly MemorySample[], seconds: number): void {
  const rows = [["minute", "requests", "p50 ms", "p95 ms", "errors", "RSS MB", "heap MB"]];
  for (let m = 0; m * 60 < seconds; m++) {
    const s = summarise(records, m * 60, (m + 1) * 60);
    const inMinute = samples.filter((sample) => sample.at > m * 60 && sample.at <= (m + 1) * 60);
    const heaps = inMinute.flatMap((sample) => (sample.heapUsedMb === undefined ? [] : [sample.heapUsedMb]));
    const cells = [s.requests, s.p50, s.p95, s.errors, median(inMinute.map((sample) => sample.rssMb))];
    const heap = heaps.length ? median(heaps).toFixed(1) : "?";
    rows.push([String(m + 1), ...cells.map((cell) => String(Math.round(cell * 10) / 10)), heap]);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  for (const row of rows)
    process.stdout.write(`${row.map((cell, i) => cell.padStart(widths[i]!)).join("  ")}\n`);
}

/** The embedded database's size on disk without its WAL (as pg_database_size counts, for PostgreSQL). */
async function dirSizeMb(dir: string): Promise<number> {
  let bytes = 0;
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.parentPath.includes("pg_wal")) continue;
    // A file the server removes meanwhile (a WAL segment recycled) counts as nothing.
    if (entry.isFile())
      bytes += (await stat(join(entry.parentPath, entry.name)).catch(() => ({ size: 0 }))).size;
  }
  return bytes / 2 ** 20;
}

async function postgresSizeMb(url: string): Promise<number> {
  const sql = await connectPostgres(url);
  try {
    const [row] = await sql.query<{ mb: string }>(
      "SELECT round(pg_database_size(current_database()) / 1048576.0, 1) AS mb",
    );
    return Number(row?.mb ?? 0);
  } finally {
    await sql.close();
  }
}

// Exit explicitly: keep-alive sockets of fetch would otherwise hold the process for a while.
main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);

import type { DbKind } from "./options.js";

/** Latencies in milliseconds. */
export interface LatencyStats {
  count: number;
  errors: number;
  /** A few error messages, to see what failed. */
  errorSamples: string[];
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export interface Throughput extends LatencyStats {
  clients: number;
  seconds: number;
  perSecond: number;
}

export interface CreateResults {
  /** POST /api/v1/cases over HTTP, by number of concurrent clients. */
  api: Throughput[];
  /** The same rows written by one SQL statement per case, no HTTP, no ORM. */
  sql: Throughput[];
  /** GET /healthz over HTTP: the ceiling of HTTP client + Fastify on this machine, no database. */
  httpFloor: Throughput;
}

export interface ReadResult extends LatencyStats {
  name: string;
  path: string;
  /** Searches: how many cases the words match. */
  matches?: number;
}

export interface SeedResults {
  cases: number;
  customers: number;
  /** Inserting the rows with the secondary indexes of `cases` dropped. */
  insertSeconds: number;
  /** Recreating those indexes. */
  indexSeconds: number;
  /** VACUUM ANALYZE of the seeded tables. */
  analyzeSeconds: number;
  totalSeconds: number;
}

export interface MemoryResults {
  /** Redress as deployed (compiled, own process, scheduler on), idle after its first start. */
  deployedFirstStartMb: number;
  /** The same after a restart on that database: what the idle-RSS target is judged on. */
  deployedIdleMb: number;
  /** This benchmark process (TypeScript through tsx), once modules are loaded, before the database opens. */
  beforeOpenMb: number;
  /** Database open and migrated, app listening, idle: before seeding and load. */
  idleMb: number;
  afterSeedMb: number;
  afterLoadMb: number;
}

export interface DbRun {
  db: DbKind;
  /** A setting that differs from the defaults, e.g. "shared_buffers 32MB"; runs are compared per variant. */
  variant?: string;
  /** The commit measured (see describeSource). */
  source: string;
  version: string;
  startedAt: string;
  finishedAt: string;
  command: string;
  cases: number;
  seconds: number;
  seed: SeedResults;
  create: CreateResults;
  reads: ReadResult[];
  memory: MemoryResults;
  /** The machine's 1-minute load average when the run started and ended (2 cores: above 2 is contention). */
  loadAverage: { atStart: number; atEnd: number };
  /** Table and index sizes after the run, in MB. */
  sizesMb: Record<string, number>;
}

export interface Machine {
  cpu: string;
  cores: number;
  memoryGb: number;
  os: string;
  node: string;
}

export interface BenchResults {
  startedAt: string;
  command: string;
  machine: Machine;
  runs: DbRun[];
}

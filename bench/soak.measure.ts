import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import type { RequestRecord } from "./soak.workload.js";

export interface OpenLoop {
  /** Requests due in the run (rate × seconds). */
  scheduled: number;
  /** Due requests not sent because `maxInFlight` were still waiting for answers (the server fell behind). */
  dropped: number;
  /** The most a request started after it was due, in ms (this process's own lag). */
  maxLagMs: number;
}

/**
 * Open loop: one request is due every 1/rate seconds from the start, whether or not earlier ones have been
 * answered, so a slow server meets the same rate (and its latency counts from when each was due).
 */
export async function runOpenLoop(
  rate: number,
  seconds: number,
  send: (dueAt: number) => Promise<void>,
  maxInFlight = 200,
): Promise<OpenLoop> {
  const interval = 1000 / rate;
  const start = performance.now();
  const total = Math.floor(rate * seconds);
  const inFlight = new Set<Promise<void>>();
  let dropped = 0;
  let maxLagMs = 0;
  for (let i = 0; i < total; i++) {
    const dueAt = start + i * interval;
    const wait = dueAt - performance.now();
    if (wait > 0) await sleep(wait);
    maxLagMs = Math.max(maxLagMs, performance.now() - dueAt);
    if (inFlight.size >= maxInFlight) {
      dropped += 1;
      continue;
    }
    const sent = send(dueAt).finally(() => inFlight.delete(sent));
    inFlight.add(sent);
  }
  await Promise.all(inFlight);
  return { scheduled: total, dropped, maxLagMs: Math.round(maxLagMs) };
}

export interface Summary {
  requests: number;
  p50: number;
  p95: number;
  max: number;
  /** Not answered 2xx (and not a conflict the procedure explains): 5xx, other 4xx, no answer. */
  errors: number;
  serverErrors: number;
  conflicts: number;
}

const round1 = (value: number) => Math.round(value * 10) / 10;

/** Latency percentiles (ms) and failures of the records due in [from, to) seconds. */
export function summarise(
  records: readonly RequestRecord[],
  from = 0,
  to = Number.POSITIVE_INFINITY,
): Summary {
  const chosen = records.filter((r) => r.at >= from && r.at < to);
  const sorted = Float64Array.from(chosen.map((r) => r.ms)).sort();
  const at = (q: number) =>
    sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : 0;
  return {
    requests: chosen.length,
    p50: round1(at(0.5)),
    p95: round1(at(0.95)),
    max: round1(sorted.at(-1) ?? 0),
    errors: chosen.filter((r) => r.outcome === "error").length,
    serverErrors: chosen.filter((r) => typeof r.status === "number" && r.status >= 500).length,
    conflicts: chosen.filter((r) => r.outcome === "conflict").length,
  };
}

/** The least-squares slope of y over x (0 with fewer than two distinct x). */
export function slope(points: readonly (readonly [number, number])[]): number {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (const [x, y] of points) {
    sxy += (x - mx) * (y - my);
    sxx += (x - mx) ** 2;
  }
  return sxx === 0 ? 0 : sxy / sxx;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (!sorted.length) return 0;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * A memory reading of the server process: seconds since the start, RSS and (from /metrics) V8's heap in
 * use and reserved, and memory outside it that V8 knows of (buffers; PGlite's WebAssembly heap).
 */
export interface MemorySample {
  at: number;
  rssMb: number;
  heapUsedMb: number | undefined;
  heapTotalMb: number | undefined;
  externalMb: number | undefined;
}

export interface MemoryVerdict {
  /** The least-squares slope of RSS over the second half of the run, in MB per 10 minutes. */
  rssSlopeMbPer10Min: number;
  heapSlopeMbPer10Min: number | undefined;
  /** Median RSS of the samples in the first and in the last minute. */
  firstMinuteMb: number;
  lastMinuteMb: number;
  flat: boolean;
}

/**
 * "Flat memory": the RSS slope over the second half (the first half is warm-up: JIT, caches, the database's
 * buffers filling) stays under `maxSlopeMbPer10Min`.
 */
export function judgeMemory(
  samples: readonly MemorySample[],
  seconds: number,
  maxSlopeMbPer10Min: number,
): MemoryVerdict {
  const late = samples.filter((s) => s.at >= seconds / 2);
  const per10Min = (perSecond: number) => round1(perSecond * 600);
  const rssSlope = per10Min(slope(late.map((s) => [s.at, s.rssMb] as const)));
  const heap = late.filter((s) => s.heapUsedMb !== undefined);
  const lastMinuteFrom = Math.max(0, seconds - 60);
  return {
    rssSlopeMbPer10Min: rssSlope,
    heapSlopeMbPer10Min:
      heap.length > 1 ? per10Min(slope(heap.map((s) => [s.at, s.heapUsedMb!] as const))) : undefined,
    firstMinuteMb: round1(median(samples.filter((s) => s.at <= 60).map((s) => s.rssMb))),
    lastMinuteMb: round1(median(samples.filter((s) => s.at >= lastMinuteFrom).map((s) => s.rssMb))),
    flat: rssSlope < maxSlopeMbPer10Min,
  };
}

/** What prom-client's default metrics at /metrics say of V8's heap, in MB. */
export function heapFromMetrics(text: string): Partial<Omit<MemorySample, "at" | "rssMb">> {
  const value = (name: string) => {
    const found = new RegExp(`^${name} ([0-9.e+]+)`, "m").exec(text)?.[1];
    return found === undefined ? undefined : round1(Number(found) / 2 ** 20);
  };
  return {
    heapUsedMb: value("nodejs_heap_size_used_bytes"),
    heapTotalMb: value("nodejs_heap_size_total_bytes"),
    externalMb: value("nodejs_external_memory_bytes"),
  };
}

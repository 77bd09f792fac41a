import { performance } from "node:perf_hooks";
import type { LatencyStats, Throughput } from "./types.js";

const MAX_ERROR_SAMPLES = 3;

/** Collects latencies and failures of one measurement. */
export class Recorder {
  private readonly latencies: number[] = [];
  private errors = 0;
  private readonly errorSamples: string[] = [];

  /** Times `op`; a thrown error counts as a failure (its latency is not recorded). */
  async time(op: () => Promise<unknown>): Promise<void> {
    const start = performance.now();
    try {
      await op();
      this.latencies.push(performance.now() - start);
    } catch (error) {
      this.errors += 1;
      if (this.errorSamples.length < MAX_ERROR_SAMPLES) this.errorSamples.push(String(error));
    }
  }

  stats(): LatencyStats {
    const sorted = Float64Array.from(this.latencies).sort();
    const at = (q: number) =>
      sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : 0;
    const sum = sorted.reduce((a, b) => a + b, 0);
    return {
      count: sorted.length,
      errors: this.errors,
      errorSamples: this.errorSamples,
      mean: round(sorted.length ? sum / sorted.length : 0),
      p50: round(at(0.5)),
      p95: round(at(0.95)),
      p99: round(at(0.99)),
      max: round(sorted.at(-1) ?? 0),
    };
  }
}

export const round = (value: number, digits = 2) => Number(value.toFixed(digits));

/**
 * Closed loop: `clients` workers each run `op` back to back for `seconds`; requests per second counts the
 * operations that succeeded. `op` gets the worker's number (to pick its own connection).
 */
export async function runFor(
  clients: number,
  seconds: number,
  op: (worker: number) => Promise<unknown>,
): Promise<Throughput> {
  const recorder = new Recorder();
  const start = performance.now();
  const end = start + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async (_, worker) => {
      while (performance.now() < end) await recorder.time(() => op(worker));
    }),
  );
  const elapsed = (performance.now() - start) / 1000;
  const stats = recorder.stats();
  return { ...stats, clients, seconds: round(elapsed), perSecond: round(stats.count / elapsed, 1) };
}

/** One client, `count` timed calls after `warmUp` untimed ones. */
export async function runSequential(
  count: number,
  warmUp: number,
  op: (i: number) => Promise<unknown>,
): Promise<LatencyStats> {
  for (let i = 0; i < warmUp; i++) await op(i).catch(() => {});
  const recorder = new Recorder();
  for (let i = 0; i < count; i++) await recorder.time(() => op(i));
  return recorder.stats();
}

/** A JSON request to the app; throws on any status other than `expect`. */
export async function request<T>(
  url: string,
  init: { method?: string; headers: Record<string, string>; body?: unknown; expect?: number },
): Promise<T> {
  const response = await fetch(url, {
    method: init.method ?? "GET",
    headers: init.body === undefined ? init.headers : { ...init.headers, "content-type": "application/json" },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await response.text();
  if (response.status !== (init.expect ?? 200)) {
    throw new Error(
      `${init.method ?? "GET"} ${new URL(url).pathname} → ${response.status} ${text.slice(0, 200)}`,
    );
  }
  return JSON.parse(text) as T;
}

export function log(message: string): void {
  process.stdout.write(`[${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

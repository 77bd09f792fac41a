import type { FastifyBaseLogger } from "fastify";

/**
 * Periodic work inside the app process. Each job guards its own exactly-once-ness across instances
 * (advisory lock or `FOR UPDATE SKIP LOCKED`); the scheduler only runs it on time, never overlapping itself.
 */
export interface Job {
  name: string;
  everyMs: number;
  run(): Promise<unknown>;
}

export interface Scheduler {
  stop(): Promise<void>;
}

/**
 * A job's first run comes this soon after start (or after its interval, if shorter), not a whole interval
 * later: a process restarted more often than hourly would otherwise never list cases past retention or
 * draw the month's sample.
 */
export const FIRST_RUN_WITHIN_MS = 60_000;

export function startScheduler(
  jobs: Job[],
  log: FastifyBaseLogger,
  firstRunWithinMs = FIRST_RUN_WITHIN_MS,
): Scheduler {
  let stopped = false;
  const running = new Set<Promise<void>>();
  const timers: NodeJS.Timeout[] = [];
  for (const job of jobs) {
    let busy = false;
    const tick = () => {
      if (busy || stopped) return;
      busy = true;
      const started = Date.now();
      const done = job
        .run()
        .then((result) => log.debug({ job: job.name, ms: Date.now() - started, result }, "job done"))
        .catch((err: unknown) => log.error({ job: job.name, err }, "job failed"))
        .finally(() => {
          busy = false;
          running.delete(done);
        });
      running.add(done);
    };
    const first = setTimeout(
      () => {
        tick();
        timers.push(setInterval(tick, job.everyMs));
      },
      Math.min(job.everyMs, firstRunWithinMs),
    );
    timers.push(first);
  }
  return {
    async stop() {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      await Promise.all(running);
    },
  };
}

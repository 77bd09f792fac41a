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

export function startScheduler(jobs: Job[], log: FastifyBaseLogger): Scheduler {
  let stopped = false;
  const running = new Set<Promise<void>>();
  const timers = jobs.map((job) => {
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
    return setInterval(tick, job.everyMs);
  });
  return {
    async stop() {
      stopped = true;
      for (const timer of timers) clearInterval(timer);
      await Promise.all(running);
    },
  };
}

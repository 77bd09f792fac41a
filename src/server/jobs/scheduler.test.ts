import pino from "pino";
import { describe, expect, it } from "vitest";
import { startScheduler } from "./scheduler.js";

const log = pino({ level: "silent" });
const HOUR = 3_600_000;
const until = async (done: () => boolean, ms = 2_000) => {
  for (const start = Date.now(); !done(); ) {
    if (Date.now() - start > ms) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 5));
  }
};

describe("the scheduler", () => {
  it("runs an hourly job soon after start, not an hour later", async () => {
    const runs: string[] = [];
    const scheduler = startScheduler(
      [{ name: "hourly", everyMs: HOUR, run: async () => runs.push("ran") }],
      log,
      20,
    );
    await until(() => runs.length === 1);
    await scheduler.stop();
    expect(runs).toEqual(["ran"]);
  });

  it("runs a short job on its interval from the start, never two of it at once", async () => {
    let running = 0;
    let most = 0;
    let runs = 0;
    const job = {
      name: "slow",
      everyMs: 10,
      run: async () => {
        running++;
        most = Math.max(most, running);
        await new Promise((r) => setTimeout(r, 35));
        running--;
        runs++;
      },
    };
    const scheduler = startScheduler([job], log, 60_000);
    await until(() => runs >= 3);
    await scheduler.stop();
    expect(most).toBe(1);
  });

  it("runs nothing once stopped, and waits for a run in progress", async () => {
    let finished = false;
    let started = 0;
    const job = {
      name: "once",
      everyMs: 10,
      run: async () => {
        started++;
        await new Promise((r) => setTimeout(r, 30));
        finished = true;
      },
    };
    const scheduler = startScheduler([job], log, 0);
    await until(() => started === 1);
    await scheduler.stop();
    expect(finished).toBe(true);
    await new Promise((r) => setTimeout(r, 50));
    expect(started).toBe(1);
  });
});

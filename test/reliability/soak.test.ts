import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { judgeMemory, type MemorySample, runOpenLoop, slope, summarise } from "../../bench/soak.measure.js";
import { connectClient, Workload } from "../../bench/soak.workload.js";
import { startSmtp } from "../smtp.js";
import { freshDatabase, startRedress } from "./server-process.js";

/** The CI form of `npm run bench:soak` (docs/reliability.md, "Soak"): short, so it asserts failures, not memory. */
const SECONDS = Number(process.env.SOAK_SECONDS ?? 35);
const RATE = 20;
const testUrl = process.env.TEST_DATABASE_URL;

describe("a steady mixed load on the real server process", () => {
  it(`answers every request of ${SECONDS} s at ${RATE}/s with 2xx (or a 409 the procedure explains), never a 5xx`, async () => {
    const smtp = await startSmtp();
    const db = testUrl ? await freshDatabase(testUrl, "soak") : undefined;
    const dir = await mkdtemp(join(tmpdir(), "redress-soak-"));
    const server = await startRedress({
      REDRESS_SMTP_URL: smtp.url,
      REDRESS_DATA_DIR: dir,
      DATABASE_URL: db?.url ?? "",
    });
    try {
      const workload = new Workload(await connectClient(server.base));
      await workload.prefill(40);
      workload.start();
      const loop = await runOpenLoop(RATE, SECONDS, (dueAt) => workload.next(dueAt));
      const total = summarise(workload.records);
      expect({
        errors: workload.errorSamples,
        serverErrors: total.serverErrors,
        dropped: loop.dropped,
      }).toEqual({
        errors: [],
        serverErrors: 0,
        dropped: 0,
      });
      expect(total.requests).toBe(loop.scheduled);
      // The walk through the procedure got somewhere: cases went from intake to closed.
      expect(workload.closed).toBeGreaterThan(0);
      console.log(
        `soak (${db ? "PostgreSQL" : "PGlite"}): ${total.requests} requests in ${SECONDS} s, p50 ${total.p50} ms, ` +
          `p95 ${total.p95} ms, ${total.conflicts} conflicts, ${workload.created} created, ${workload.closed} closed`,
      );
    } finally {
      server.child.kill("SIGTERM");
      await server.exited;
      await smtp.close();
      await db?.drop();
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

const samples = (rss: (minute: number) => number): MemorySample[] =>
  Array.from({ length: 61 }, (_, i) => ({
    at: i * 10,
    rssMb: rss(i / 6),
    heapUsedMb: undefined,
    heapTotalMb: undefined,
    externalMb: undefined,
  }));

describe("judging flat memory", () => {
  it.each([
    [
      "a line's slope",
      [
        [0, 1],
        [1, 3],
        [2, 5],
      ] as const,
      2,
    ],
    ["a single point", [[4, 9]] as const, 0],
    [
      "the same x twice",
      [
        [1, 1],
        [1, 5],
      ] as const,
      0,
    ],
  ])("%s", (_name, points, expected) => {
    expect(slope(points)).toBeCloseTo(expected);
  });

  it.each([
    ["flat with a sawtooth of ±8 MB", (m: number) => 250 + ((m * 6) % 3) * 8 - 8, true],
    ["growing 1.5 MB a minute", (m: number) => 250 + 1.5 * m, false],
    ["growing in warm-up only, flat after", (m: number) => 250 + (40 * Math.min(m, 4)) / 4, true],
  ])("%s: flat is %s", (_name, rss, flat) => {
    expect(judgeMemory(samples(rss), 600, 10).flat).toBe(flat);
  });

  it("reports the medians of the first and last minute", () => {
    const verdict = judgeMemory(
      samples((m) => 200 + 10 * m),
      600,
      10,
    );
    expect([verdict.firstMinuteMb, verdict.lastMinuteMb, verdict.rssSlopeMbPer10Min]).toEqual([
      205, 295, 100,
    ]);
  });
});

import { defineConfig } from "vitest/config";

/** Tests that start Redress (and Chromium) as processes of their own, and time what they do. */
const PROCESS_TESTS = ["test/e2e/**/*.test.ts", "test/reliability/**/*.test.ts"];

/**
 * Two projects, one after the other. In-process tests (each file on its own copy of the template
 * database) run two files at a time — CI has two cores, and Vitest's default there is one. Then the
 * tests that run Redress as a process, under load or behind a browser, run one file at a time, alone, so
 * their timings (an open-loop soak, kill -9 under load, page waits) are not another file's doing.
 */
export default defineConfig({
  test: {
    globalSetup: ["test/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    projects: [
      {
        extends: true,
        test: {
          name: "in-process",
          include: ["src/**/*.test.ts", "test/**/*.test.ts"],
          exclude: PROCESS_TESTS,
          maxWorkers: 2,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: "processes",
          include: PROCESS_TESTS,
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});

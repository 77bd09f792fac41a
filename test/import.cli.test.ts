import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { main } from "../src/cli/main.js";

const HEADER =
  "Date,Customer Name,Contact Info,Complaint Details,Status,Handler,Actions Taken,Resolution/Closure Date";

describe("redress import (the command line)", () => {
  let dir: string;
  const out: string[] = [];
  const err: string[] = [];
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "redress-import-cli-"));
    vi.stubEnv("REDRESS_DATA_DIR", join(dir, "data"));
    vi.stubEnv("DATABASE_URL", "");
    vi.spyOn(console, "log").mockImplementation((line: string) => void out.push(line));
    vi.spyOn(console, "error").mockImplementation((line: string) => void err.push(line));
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
    await rm(dir, { recursive: true, force: true });
  });

  it("dry-runs, imports, lists bad rows and exits 1 for them", async () => {
    const good = join(dir, "log.csv");
    await writeFile(
      good,
      `${HEADER}\n2024-06-01,Jane Doe,jane@example.com,Late delivery,Closed,John Smith,Expedited replacement,2024-06-03\n`,
    );
    expect(await main(["import", good, "--dry-run"])).toBe(0);
    expect(out.join("\n")).toContain("would import 1, already imported 0, bad 0");
    expect(out.join("\n")).toContain("row 2: would import");
    expect(await main(["import", good])).toBe(0);
    expect(out.at(-1)).toContain("imported 1, already imported 0, bad 0");
    expect(await main(["import", good])).toBe(0);
    expect(out.at(-1)).toContain("imported 0, already imported 1");
    const bad = join(dir, "bad.csv");
    await writeFile(bad, `${HEADER}\nyesterday,Jane,jane@example.com,x,Open,,,\n`);
    expect(await main(["import", bad])).toBe(1);
    expect(err.join("\n")).toContain('row 2: Date "yesterday" is not a date we can read');
    expect(await main(["import", join(dir, "missing.csv")])).toBe(1);
    expect(await main(["import", good, "--date-order", "ymd"])).toBe(2);
  });
});

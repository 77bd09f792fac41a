import { describe, expect, it } from "vitest";
import { backupsToDelete } from "./backup.rotation.js";

const days = (from: string, count: number) =>
  Array.from({ length: count }, (_, i) => {
    const d = new Date(`${from}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + i);
    return `redress-${d.toISOString().slice(0, 10)}.backup`;
  });

describe("backup rotation (R11)", () => {
  it.each([
    ["fewer files than the daily window: keep all", days("2026-03-01", 5), 7, 12, []],
    [
      "keep the newest 3 days and the first of each month",
      days("2026-02-26", 8),
      3,
      12,
      ["redress-2026-02-27.backup", "redress-2026-02-28.backup", "redress-2026-03-02.backup"],
    ],
    [
      "no monthly keeps: only the daily window",
      days("2026-03-01", 5),
      2,
      0,
      ["redress-2026-03-01.backup", "redress-2026-03-02.backup", "redress-2026-03-03.backup"],
    ],
    [
      "the monthly window drops the oldest months",
      [
        "redress-2026-01-01.backup",
        "redress-2026-02-01.backup",
        "redress-2026-03-01.backup",
        "redress-2026-03-02.backup",
      ],
      1,
      2,
      ["redress-2026-01-01.backup"],
    ],
    [
      "files that are not scheduled backups are never touched",
      ["notes.txt", "redress-manual.backup"],
      1,
      0,
      [],
    ],
  ])("%s", (_name, files, daily, monthly, deleted) => {
    expect(backupsToDelete(files, daily, monthly)).toEqual(deleted);
  });
});

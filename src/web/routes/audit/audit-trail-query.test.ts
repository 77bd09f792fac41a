import { describe, expect, it } from "vitest";
import { trailQuery } from "./audit-trail-query";

describe("the audit trail's filters", () => {
  it.each([
    ["nothing filled in", {}, {}],
    ["blanks are left out", { case: "  ", action: "" }, {}],
    [
      "a case and a kind of action, trimmed",
      { case: " CMP-2026-000042 ", action: "case.*" },
      { case: "CMP-2026-000042", action: "case.*" },
    ],
    [
      "days cover the whole day",
      { from: "2026-03-01", to: "2026-03-31" },
      { from: "2026-03-01T00:00:00Z", to: "2026-03-31T23:59:59Z" },
    ],
  ])("%s", (_name, filters, query) => {
    expect(trailQuery(filters)).toEqual(query);
  });
});

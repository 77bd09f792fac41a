import { describe, expect, it } from "vitest";
import { CHECKLIST_ITEMS, emptySampleCheck, failsCheck, sampleCheckBody } from "./sample-check";

const allTicked = () => {
  const v = emptySampleCheck();
  for (const k of CHECKLIST_ITEMS) v.checklist[k] = true;
  return v;
};

describe("checking a sampled case", () => {
  it("passes only when all five checks are ticked", () => {
    expect(failsCheck(allTicked())).toBe(false);
    const one = allTicked();
    one.checklist.recordsAttached = false;
    expect(failsCheck(one)).toBe(true);
    expect(failsCheck(emptySampleCheck())).toBe(true);
  });

  it("sends every check, and the notes trimmed", () => {
    expect(sampleCheckBody({ ...allTicked(), notes: "  fine " })).toEqual({
      checklist: {
        fieldsComplete: true,
        deadlinesMetOrExplained: true,
        customerInformed: true,
        closureJustified: true,
        recordsAttached: true,
      },
      notes: "fine",
    });
  });

  it("raises a CAPA only from a failed check", () => {
    const failed = {
      ...emptySampleCheck(),
      raiseCapa: true,
      capaTitle: " Attach records ",
      capaDueDate: "2026-06-01",
    };
    expect(sampleCheckBody(failed).capa).toEqual({ title: "Attach records", dueDate: "2026-06-01" });
    expect(
      sampleCheckBody({ ...allTicked(), raiseCapa: true, capaTitle: "x", capaDueDate: "2026-06-01" }).capa,
    ).toBeUndefined();
  });
});

import { describe, expect, it } from "vitest";
import { describeChanges, eventDetail, eventText, noteOf } from "./event-text.js";

describe("audit events in words", () => {
  it("names the known events and makes unknown ones readable", () => {
    expect(eventText("case.start_investigation")).toBe("Investigation started");
    expect(eventText("case.something_new")).toBe("Something new");
  });

  it("describes changes as old → new, and never shows a personal-data digest", () => {
    expect(
      describeChanges({
        status: { old: "new", new: "acknowledged" },
        ownerId: { new: "u-1" },
        summary: { new: { $pd: "abc" } },
        level: 2,
      }),
    ).toEqual(["status: new → acknowledged", "ownerId: u-1", "summary: [personal data]", "level: 2"]);
  });

  it("shows times in the given format and user ids as names", () => {
    expect(
      describeChanges(
        { assignedAt: { old: null, new: "2026-03-02T10:00:00.000Z" }, ownerId: { new: "u-1" } },
        { time: (iso) => `T(${iso.slice(0, 10)})`, names: new Map([["u-1", "Olive Owner"]]) },
      ),
    ).toEqual(["assignedAt: — → T(2026-03-02)", "ownerId: Olive Owner"]);
  });

  it("finds the note a step was taken with", () => {
    expect(noteOf({ note: { new: "Told her" }, status: { old: "new", new: "acknowledged" } })).toBe(
      "Told her",
    );
    expect(noteOf({ status: { old: "new", new: "acknowledged" } })).toBeUndefined();
  });
});

describe("what a step changed, in a line", () => {
  const names = new Map([["u-1", "Olive Owner"]]);
  it.each([
    ["case.assign", { ownerId: { old: null, new: "u-1" } }, "to Olive Owner"],
    ["case.escalate", { level: { old: 1, new: 2 } }, "to level 2"],
    ["case.escalated", { level: { old: 2, new: 3 } }, "to level 3"],
    ["case.acknowledge", { status: { old: "new", new: "acknowledged" } }, undefined],
  ])("%s", (action, changes, line) => {
    expect(eventDetail(action, changes, names)).toBe(line);
  });
});

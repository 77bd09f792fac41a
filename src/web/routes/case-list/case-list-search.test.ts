import { describe, expect, it } from "vitest";
import { parseCaseListSearch, queueOf, withQueue } from "./case-list-search.js";

describe("the case list's search parameters", () => {
  it("keeps what the API accepts", () => {
    expect(
      parseCaseListSearch({
        owner: "me",
        due: "soon",
        status: "open,in_progress",
        level: 2,
        type: "incident",
        severity: "high",
        channel: "phone",
        q: "  late delivery ",
      }),
    ).toEqual({
      owner: "me",
      due: "soon",
      status: "open,in_progress",
      level: 2,
      type: "incident",
      severity: "high",
      channel: "phone",
      q: "late delivery",
    });
  });

  it("keeps a period of receipt given as ISO instants, and drops anything else", () => {
    expect(
      parseCaseListSearch({ receivedFrom: "2026-03-02T00:00:00.000Z", receivedTo: "next week" }),
    ).toEqual({ receivedFrom: "2026-03-02T00:00:00.000Z" });
  });

  it("keeps the follow-ups queue (resolved cases whose follow-up contact is still to make)", () => {
    expect(parseCaseListSearch({ due: "follow_up" })).toEqual({ due: "follow_up" });
    expect(queueOf({ due: "follow_up" })).toBe("followUps");
  });

  it("takes a level given as text, as it comes from a typed URL", () => {
    expect(parseCaseListSearch({ level: "3" })).toEqual({ level: 3 });
  });

  it.each([
    ["an unknown due", { due: "tomorrow" }],
    ["a level out of range", { level: 4 }],
    ["a malformed owner", { owner: "bob" }],
    ["a status with spaces", { status: "open, closed" }],
    ["an unknown severity", { severity: "urgent" }],
    ["a blank search", { q: "   " }],
  ])("drops %s", (_name, raw) => {
    expect(parseCaseListSearch(raw)).toEqual({});
  });

  it("names the queue a search shows, and none when a queue key differs", () => {
    expect(queueOf({ owner: "me", status: "open,in_progress", level: 2 })).toBe("mine");
    expect(queueOf({ due: "breached", q: "refund" })).toBe("breached");
    expect(queueOf({})).toBe("all");
    expect(queueOf({ owner: "me" })).toBeUndefined();
  });

  it("switches queue and keeps the other filters", () => {
    expect(withQueue({ owner: "me", status: "open,in_progress", level: 3, q: "x" }, "breached")).toEqual({
      due: "breached",
      level: 3,
      q: "x",
    });
  });
});

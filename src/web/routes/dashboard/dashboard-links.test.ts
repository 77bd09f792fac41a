import { describe, expect, it } from "vitest";
import { appLink } from "./dashboard-links";

describe("the list behind each dashboard number", () => {
  it.each([
    ["/api/v1/cases?status=open", {}, { to: "/cases", search: { status: "open" } }],
    ["/api/v1/cases?due=breached", {}, { to: "/cases", search: { due: "breached" } }],
    [
      "/api/v1/cases?status=open,in_progress&level={level}",
      { level: "2" },
      { to: "/cases", search: { status: "open,in_progress", level: 2 } },
    ],
    [
      "/api/v1/cases?status=open,in_progress&owner={ownerId}",
      { ownerId: "none" },
      { to: "/cases", search: { status: "open,in_progress", owner: "none" } },
    ],
    ["/api/v1/capas?due=overdue", {}, { to: "/capas", search: { due: "overdue" } }],
    ["/api/v1/capas?due=check", {}, { to: "/capas", search: { due: "check" } }],
  ])("%s %j opens %j", (link, fill, expected) => {
    expect(appLink(link, fill)).toEqual(expected);
  });

  it("gives no link for a placeholder left unfilled or an address the app has no page for", () => {
    expect(appLink("/api/v1/cases?level={level}")).toBeUndefined();
    expect(appLink("/api/v1/follow-ups")).toBeUndefined();
  });
});

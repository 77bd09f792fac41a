import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeCase } from "../factories.js";
import { createTestApp, type TestApp, type TestUser } from "../harness.js";

describe("correspondence on the case file (R2, R7)", () => {
  let t: TestApp;
  let agent: TestUser;
  let auditor: TestUser;
  beforeAll(async () => {
    t = await createTestApp();
    agent = await t.user(["agent"], "Alice Agent");
    auditor = await t.user(["auditor"]);
  });
  afterAll(() => t.close());

  const url = (reference: string) => `/api/v1/cases/${reference}/correspondence`;
  // Phone-only customers: no acknowledgment email joins the file.
  const phoneCase = () => makeCase(t, agent, { customer: { name: "Pat Phone", phone: "+44 7700 900002" } });

  it("logs a call and a note in the order they happened, with author and audit", async () => {
    const c = await phoneCase();
    const call = await t.request({
      method: "POST",
      url: url(c.reference),
      as: agent,
      payload: {
        kind: "call",
        direction: "inbound",
        body: "Customer rang about the vase",
        occurredAt: "2026-03-02T09:45:00Z",
      },
    });
    expect(call.statusCode).toBe(201);
    expect(call.json()).toMatchObject({
      kind: "call",
      direction: "inbound",
      internal: false,
      author: { name: "Alice Agent" },
    });
    await t.request({
      method: "POST",
      url: url(c.reference),
      as: agent,
      payload: { kind: "note", body: "Check courier records" },
    });
    const list = (await t.request({ method: "GET", url: url(c.reference), as: auditor })).json();
    expect(list.items.map((i: { kind: string; internal: boolean }) => [i.kind, i.internal])).toEqual([
      ["call", false],
      ["note", true],
    ]);
    const history = (
      await t.request({ method: "GET", url: `/api/v1/cases/${c.reference}/history`, as: auditor })
    ).json();
    expect(history.items.at(-1)).toMatchObject({
      action: "case.correspondence_logged",
      changes: { kind: { new: "note" } },
    });
  });

  it.each([
    [{ kind: "call", body: "x" }, "direction"],
    [{ kind: "note", direction: "inbound", body: "x" }, "direction"],
    [{ kind: "fax", direction: "inbound", body: "x" }, "kind"],
    [{ kind: "call", direction: "inbound", body: "" }, "body"],
    [{ kind: "call", direction: "inbound", body: "x", occurredAt: "2027-01-01T00:00:00Z" }, "occurredAt"],
  ])("refuses %j with 400 naming %s", async (payload, field) => {
    const c = await phoneCase();
    const res = await t.request({ method: "POST", url: url(c.reference), as: agent, payload });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    expect((await t.request({ method: "GET", url: url(c.reference), as: agent })).json().items).toEqual([]);
  });

  it("lets an auditor read but not write, and 404s an unknown case", async () => {
    const c = await phoneCase();
    const res = await t.request({
      method: "POST",
      url: url(c.reference),
      as: auditor,
      payload: { kind: "note", body: "x" },
    });
    expect(res.statusCode).toBe(403);
    expect((await t.request({ method: "GET", url: url("CMP-2026-777777"), as: agent })).statusCode).toBe(404);
  });
});

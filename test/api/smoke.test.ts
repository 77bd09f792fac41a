import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeCase } from "../factories.js";
import { createTestApp, type TestApp, type TestUser } from "../harness.js";

describe("smoke", () => {
  let t: TestApp;
  let agent: TestUser;
  beforeAll(async () => {
    t = await createTestApp();
    agent = await t.user(["agent"]);
  });
  afterAll(() => t.close());

  it("creates and reads a case", async () => {
    const created = await makeCase(t, agent);
    expect(created.reference).toMatch(/^CMP-2026-000001$/);
    const res = await t.request({ method: "GET", url: `/api/v1/cases/${created.reference}`, as: agent });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual(created);
  });
});

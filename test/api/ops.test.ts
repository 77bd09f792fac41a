import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/server/app.js";
import { LOG_COLUMNS } from "../../src/server/cases/cases.export.js";
import { makeCase } from "../factories.js";
import { createTestApp, type TestApp, type TestUser } from "../harness.js";

describe("operations endpoints", () => {
  let t: TestApp;
  let manager: TestUser;
  beforeAll(async () => {
    t = await createTestApp();
    manager = await t.user(["manager"]);
    await makeCase(t, manager);
  });
  afterAll(() => t.close());

  it("answers /healthz and /readyz without signing in", async () => {
    expect((await t.request({ method: "GET", url: "/healthz" })).json()).toEqual({ status: "ok" });
    const ready = await t.request({ method: "GET", url: "/readyz" });
    expect(ready.statusCode).toBe(200);
    expect(ready.json().status).toBe("ready");
  });

  it("exposes request durations and case counts at /metrics", async () => {
    const res = await t.request({ method: "GET", url: "/metrics" });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('redress_cases{status="new"} 1');
    expect(res.body).toMatch(
      /redress_http_request_duration_seconds_count\{method="GET",route="\/readyz",status="200"\}/,
    );
  });

  it("serves an OpenAPI 3.1 document generated from the schemas, with every v1 route", async () => {
    const doc = (await t.request({ method: "GET", url: "/api/v1/openapi.json" })).json();
    expect(doc.openapi).toBe("3.1.0");
    for (const path of [
      "/api/v1/cases",
      "/api/v1/cases/{reference}",
      "/api/v1/cases/{reference}/history",
      "/api/v1/session",
      "/api/v1/users",
      "/api/v1/tokens",
      "/api/v1/calendar",
      "/api/v1/audit/verify",
      "/api/v1/cases/export",
    ]) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
    expect(doc.paths["/api/v1/cases"].post.requestBody.content["application/json"].schema.required).toEqual(
      expect.arrayContaining(["type", "channel", "summary", "description"]),
    );
  });

  it("answers an unknown route with a problem+json 404", async () => {
    const res = await t.request({ method: "GET", url: "/api/v1/nothing-here" });
    expect(res.statusCode).toBe(404);
    expect(res.headers["content-type"]).toContain("application/problem+json");
  });

  it("never leaks internals in a 500: a generic detail with the request id", async () => {
    const app = await buildApp({ ...t.app.deps });
    app.get("/boom", { config: { access: { public: true } } }, async () => {
      throw new Error("password=hunter2 at db.internal:5432");
    });
    const res = await app.inject({ method: "GET", url: "/boom", headers: { "x-request-id": "req-123" } });
    await app.close();
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toContain("hunter2");
    expect(res.json()).toMatchObject({ code: "internal_error", requestId: "req-123" });
    expect(res.json().detail).toContain("req-123");
  });
});

describe("GET /api/v1/cases/export", () => {
  let t: TestApp;
  let manager: TestUser;
  let agent: TestUser;
  beforeAll(async () => {
    t = await createTestApp();
    manager = await t.user(["manager"], "Mary Manager");
    agent = await t.user(["agent"]);
    await makeCase(t, agent, {
      customer: { name: "Jane Doe", email: "jane.doe@email.com", phone: "+44 7700 900123" },
      summary: "Late delivery",
    });
    await makeCase(t, agent, {
      type: "incident",
      customer: null,
      summary: "Power cut",
      description: "Tills down",
    });
  });
  afterAll(() => t.close());

  it("exports the complaint log as CSV in exactly the S0 columns", async () => {
    const res = await t.request({
      method: "GET",
      url: "/api/v1/cases/export?format=csv&type=complaint",
      as: manager,
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toContain("text/csv");
    expect(res.headers["content-disposition"]).toMatch(
      /attachment; filename="complaint-log-\d{4}-\d{2}-\d{2}\.csv"/,
    );
    const [header, row, ...rest] = res.body
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\n");
    expect(header).toBe(LOG_COLUMNS.join(","));
    expect(row).toMatch(
      /^2026-03-02 10:00,Jane Doe,jane\.doe@email\.com; \+44 7700 900123,CMP-2026-000001 — Late delivery,Open,,,$/,
    );
    expect(rest).toEqual([]);
  });

  it("exports XLSX with the same columns on a 'Complaint log' sheet", async () => {
    const res = await t.request({ method: "GET", url: "/api/v1/cases/export?format=xlsx", as: manager });
    expect(res.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet("Complaint log")!;
    expect((sheet.getRow(1).values as string[]).slice(1)).toEqual([...LOG_COLUMNS]);
    expect(sheet.rowCount).toBe(3);
    expect(sheet.getRow(3).getCell(2).value).toBe("Jane Doe");
  });

  it("is for those who review the log, not agents; a bad format is 400", async () => {
    expect((await t.request({ method: "GET", url: "/api/v1/cases/export", as: agent })).statusCode).toBe(403);
    expect(
      (await t.request({ method: "GET", url: "/api/v1/cases/export?format=pdf", as: manager })).statusCode,
    ).toBe(400);
  });
});

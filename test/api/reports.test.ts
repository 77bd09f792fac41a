import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { count, eq, sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import { DateTime } from "luxon";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { main } from "../../src/cli/main.js";
import { ConfigError, loadConfig } from "../../src/server/config.js";
import { systemActor } from "../../src/server/context.js";
import { queryRows } from "../../src/server/db/client.js";
import { auditEvents, capas, outbox, reports } from "../../src/server/db/schema/index.js";
import { runMonthlyReportJob } from "../../src/server/reports/reports.schedule.js";
import type { CreateCaseInput } from "../../src/shared/cases.schema.js";
import type { MonthlyReport } from "../../src/shared/reports.schema.js";
import { makeCase } from "../factories.js";
import { createTestApp, type TestApp, type TestUser } from "../harness.js";
import { type Crew, makeCrew, step } from "../lifecycle.js";

/** RFC 4180, enough for the report's CSV (quoted fields, doubled quotes, a BOM). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  const body = text.replace(/^\uFEFF/, "");
  const endField = () => {
    row.push(field);
    field = "";
  };
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (quoted && c === '"' && body[i + 1] === '"') {
      field += '"';
      i++;
    } else if (c === '"') quoted = !quoted;
    else if (quoted || (c !== "," && c !== "\n" && c !== "\r")) field += c;
    else if (c === ",") endField();
    else if (c === "\n") {
      endField();
      rows.push(row);
      row = [];
    }
  }
  if (field || row.length) {
    endField();
    rows.push(row);
  }
  return rows;
}

/**
 * February 2026 in London (GMT, so UTC = local time), business hours Mon–Fri 09:00–17:00, no holidays.
 * Received in February: A, B, C, F, G. Closed in February: A, B, D, H. Worked out by hand below.
 */
describe("monthly report (R12): figures worked out by hand", () => {
  let t: TestApp;
  let crew: Crew;
  let quality: TestUser;
  let report: MonthlyReport;

  const at = (time: string) => t.clock.set(time);
  async function logCase(time: string, overrides: Partial<CreateCaseInput>) {
    at(time);
    return makeCase(t, crew.agent, overrides);
  }
  async function walk(reference: string, steps: [string, string, object?][]) {
    for (const [time, action, body] of steps) {
      at(time);
      const who = ["assign", "verify", "close"].includes(action) ? crew.manager : crew.agent;
      await step(t, who, reference, action, body ?? {});
    }
  }
  const rootCause = (reference: string, category: string) =>
    t.request({
      method: "PUT",
      url: `/api/v1/cases/${reference}/investigation`,
      as: crew.manager,
      payload: { rootCauseCategory: category, findings: "Looked into it" },
    });
  const close = (day: string): [string, string, object?][] => [
    [`${day}T09:00:00Z`, "verify"],
    [`${day}T09:00:00Z`, "customer-confirmation", { confirmed: true, channel: "phone" }],
    [`${day}T10:00:00Z`, "close"],
  ];
  const getReport = (month: string, as: TestUser = quality, format = "json") =>
    t.request({ method: "GET", url: `/api/v1/reports/monthly?month=${month}&format=${format}`, as });

  beforeAll(async () => {
    t = await createTestApp();
    crew = await makeCrew(t);
    quality = await t.user(["quality"]);
    const remedy = (amountMinor: number, currency: string) => ({ amountMinor, currency });
    const start = (time: string, owner: string): [string, string, object?][] => [
      [time, "assign", { ownerId: owner }],
      [time, "start-investigation"],
    ];

    // H: received Mon 1 Dec 2025 10:00, resolved exactly 10 weeks later (50 business days = 400 h), closed
    // 10 Feb: after 8 weeks. Upheld, EUR 50.00.
    const h = await logCase("2025-12-01T10:00:00Z", { channel: "email", category: "delivery" });
    await walk(h.reference, [
      ["2025-12-01T11:00:00Z", "acknowledge"],
      ...start("2025-12-01T12:00:00Z", crew.agent.id),
      [
        "2026-02-09T10:00:00Z",
        "resolve",
        { outcome: "upheld", resolution: "Refund", remedy: remedy(5000, "EUR") },
      ],
      ...close("2026-02-10"),
    ]);
    // D: a January letter (ack 1 h, assign 2 h in January), escalated by hand in February, resolved Tue 17 Feb
    // 10:00 (184 business hours), closed 18 Feb: within 8 weeks. Not upheld.
    const d = await logCase("2026-01-15T10:00:00Z", { channel: "letter" });
    await walk(d.reference, [
      ["2026-01-15T11:00:00Z", "acknowledge"],
      ...start("2026-01-15T12:00:00Z", crew.agent.id),
      ["2026-02-16T10:00:00Z", "escalate", { reason: "customer wrote to the chief executive" }],
    ]);
    expect((await rootCause(d.reference, "people")).statusCode).toBe(200);
    await walk(d.reference, [
      ["2026-02-17T10:00:00Z", "resolve", { outcome: "not_upheld", resolution: "Explained the terms" }],
      ...close("2026-02-18"),
    ]);
    // E: Saturday 31 January 23:30 UTC is still 31 January in London (GMT): January's. Open.
    await logCase("2026-01-31T23:30:00Z", {
      category: "billing",
      customer: { name: "Rita Return", email: "returning@example.com" },
    });
    // A: Mon 2 Feb 09:00; ack 2 h, assign 6 h, resolved Tue 13:00 (12 h), closed Wed: within 3 business days.
    const a = await logCase("2026-02-02T09:00:00Z", {
      category: "delivery",
      customer: { name: "Reg Peat", email: "repeat@example.com" },
    });
    await walk(a.reference, [
      ["2026-02-02T11:00:00Z", "acknowledge"],
      ...start("2026-02-02T15:00:00Z", crew.agent.id),
    ]);
    expect((await rootCause(a.reference, "process")).statusCode).toBe(200);
    await walk(a.reference, [
      [
        "2026-02-03T13:00:00Z",
        "resolve",
        { outcome: "upheld", resolution: "Refund", remedy: remedy(2500, "GBP") },
      ],
      ...close("2026-02-04"),
    ]);
    // B: Fri 6 Feb 16:00 by email; over the weekend: ack Mon 10:00 = 2 business hours (66 clock hours:
    // missed, the 24 h deadline is in clock time), assign Mon 12:00 = 4 h, resolved Tue 16:00 = 16 h.
    const b = await logCase("2026-02-06T16:00:00Z", { channel: "email", category: "billing" });
    await walk(b.reference, [
      ["2026-02-09T10:00:00Z", "acknowledge"],
      ...start("2026-02-09T12:00:00Z", crew.agent.id),
    ]);
    expect((await rootCause(b.reference, "process")).statusCode).toBe(200);
    await walk(b.reference, [
      [
        "2026-02-10T16:00:00Z",
        "resolve",
        { outcome: "partly_upheld", resolution: "Half", remedy: remedy(1000, "GBP") },
      ],
      ...close("2026-02-25"),
    ]);
    // C: a critical incident on the web form, level 3 from intake (an escalation); ack 0.5 h, assign 1 h; open.
    const c = await logCase("2026-02-11T09:00:00Z", {
      type: "incident",
      channel: "web",
      category: "delivery",
      severity: "critical",
    });
    await walk(c.reference, [
      ["2026-02-11T09:30:00Z", "acknowledge"],
      ...start("2026-02-11T10:00:00Z", crew.agent.id),
    ]);
    // G: the same customer as A, in person; ack 0.5 h; open.
    const g = await logCase("2026-02-20T10:00:00Z", {
      channel: "in_person",
      category: "staff",
      severity: "medium",
      customer: { name: "Reg Peat", email: "repeat@example.com" },
    });
    await walk(g.reference, [["2026-02-20T10:30:00Z", "acknowledge"]]);
    // F: Saturday 28 February 23:30 UTC: still February in London. The same customer as E (returning).
    await logCase("2026-02-28T23:30:00Z", {
      category: "billing",
      severity: "low",
      customer: { name: "Rita Return", email: "returning@example.com" },
    });
    // Survey answers recorded by staff in February for A and B.
    at("2026-02-26T10:00:00Z");
    for (const [ref, satisfaction, resolved, handling] of [
      [a.reference, 4, true, 5],
      [b.reference, 2, false, 3],
    ] as const) {
      const res = await t.request({
        method: "POST",
        url: `/api/v1/cases/${ref}/feedback`,
        as: crew.agent,
        payload: { satisfaction, resolved, handlingSatisfaction: handling, channel: "phone" },
      });
      expect(res.statusCode).toBe(201);
    }
    // CAPAs (read from the table): two opened in February, two checked in February (one effective).
    const capa = (n: number, status: string, created: string, checked?: [string, string]) => ({
      id: `00000000-0000-4000-8000-00000000000${n}`,
      reference: `CAPA-2026-000${n}`,
      title: `Action ${n}`,
      dueDate: "2026-04-30",
      status: status as "open",
      createdAt: new Date(created),
      updatedAt: new Date(created),
      ...(checked ? { checkedAt: new Date(checked[0]), effectivenessResult: checked[1] as "effective" } : {}),
    });
    await t.db
      .insert(capas)
      .values([
        capa(1, "open", "2026-02-05T10:00:00Z"),
        capa(2, "effective", "2026-01-10T10:00:00Z", ["2026-02-20T10:00:00Z", "effective"]),
        capa(3, "in_progress", "2026-02-12T10:00:00Z", ["2026-02-26T10:00:00Z", "not_effective"]),
        capa(4, "open", "2026-03-01T10:00:00Z"),
      ]);
    at("2026-03-02T10:00:00Z");
    const res = await getReport("2026-02");
    expect(res.statusCode, res.body).toBe(200);
    report = res.json();
  });
  afterAll(() => t.close());

  it("counts February's received and closed cases by type, channel, category and severity", () => {
    expect(report).toMatchObject({ month: "2026-02", complete: true, timezone: "Europe/London" });
    expect(report.received).toEqual({
      total: 5,
      byType: { complaint: 4, incident: 1 },
      byChannel: { phone: 2, email: 1, web: 1, in_person: 1, letter: 0, api: 0 },
      byCategory: { delivery: 2, billing: 2, staff: 1 },
      bySeverity: { low: 1, medium: 1, high: 0, critical: 1, unassessed: 2 },
    });
    expect(report.closed).toEqual({
      total: 4,
      byType: { complaint: 4, incident: 0 },
      byChannel: { phone: 1, email: 2, web: 0, in_person: 0, letter: 1, api: 0 },
      byCategory: { delivery: 2, billing: 1, uncategorised: 1 },
      bySeverity: { low: 0, medium: 0, high: 0, critical: 0, unassessed: 4 },
    });
    expect(report.topCategories).toEqual([
      { category: "billing", count: 2, sharePercent: 40 },
      { category: "delivery", count: 2, sharePercent: 40 },
      { category: "staff", count: 1, sharePercent: 20 },
    ]);
  });

  it("puts a case received at 23:30 UTC on the last day of a GMT month in that month", () => {
    // E (31 January 23:30 UTC) is January's; F (28 February 23:30 UTC) February's.
    expect(report.previous.received.total).toBe(2);
    expect(report.previous.received.byChannel).toMatchObject({ phone: 1, letter: 1 });
    expect(report.received.bySeverity.low).toBe(1);
  });

  it("measures time to each step in business hours (weekends left out): median and 90th percentile", () => {
    // acknowledge [0.5, 0.5, 2, 2]; assign [1, 4, 6]; resolve [12, 16, 184, 400] (percentile_cont).
    expect(report.timeliness).toEqual({
      acknowledge: {
        count: 4,
        medianBusinessHours: 1.25,
        p90BusinessHours: 2,
        met: 3,
        missed: 1,
        compliancePercent: 75,
      },
      assign: {
        count: 3,
        medianBusinessHours: 4,
        p90BusinessHours: 5.6,
        met: 3,
        missed: 0,
        compliancePercent: 100,
      },
      resolve: {
        count: 4,
        medianBusinessHours: 100,
        p90BusinessHours: 335.2,
        met: 2,
        missed: 2,
        compliancePercent: 50,
      },
    });
  });

  it("gives the regulatory figures: 3 business days, 8 weeks, later; upheld %; redress by currency", () => {
    expect(report.regulatory).toEqual({
      received: 4,
      closed: 4,
      within3BusinessDays: 1,
      after3BusinessDaysWithin8Weeks: 2,
      after8Weeks: 1,
      upheld: 2,
      partlyUpheld: 1,
      notUpheld: 1,
      upheldPercent: 75,
      redressMinor: { GBP: 3500, EUR: 5000 },
    });
    // January added: D and E received, nothing closed.
    expect(report.halfYear).toMatchObject({
      label: "2026 H1",
      from: "2026-01",
      to: "2026-02",
      received: 6,
      closed: 4,
    });
    expect(report.halfYear.upheldPercent).toBe(75);
  });

  it("counts escalations, the backlog by age in business days, repeat customers, root causes, CAPA and feedback", () => {
    expect(report.escalations).toEqual({
      total: 2,
      byLevel: { "2": 1, "3": 1 },
      byCause: { elapsed: 0, critical: 1, recurring: 0, manual: 1 },
    });
    // Open at 1 March 00:00: F 0 days, G 5.9, C 13, E 20 business days.
    expect(report.backlog).toEqual({
      asOf: "2026-03-01T00:00:00.000Z",
      total: 4,
      byAge: { "0-2": 1, "2-5": 0, "5-10": 1, "10-20": 1, "20-40": 1, "40+": 0 },
      byLevel: { "1": 3, "2": 0, "3": 1 },
    });
    expect(report.repeatCustomers).toEqual({ customers: 1, cases: 2, returning: 1 });
    expect(report.topRootCauses).toEqual([
      { rootCause: "process", count: 2 },
      { rootCause: "people", count: 1 },
    ]);
    expect(report.capa).toEqual({
      byStatus: { open: 1, in_progress: 1, implemented: 0, effective: 1, not_effective: 0 },
      opened: 2,
      effectivenessChecked: 2,
      effective: 1,
    });
    expect(report.feedback).toEqual({
      responses: 2,
      meanSatisfaction: 3,
      resolvedPercent: 50,
      meanHandling: 4,
    });
  });

  it("compares with the month before and the same month a year before", () => {
    expect(report.previous).toMatchObject({
      month: "2026-01",
      closed: { total: 0 },
      timeliness: {
        acknowledge: { count: 1, medianBusinessHours: 1 },
        assign: { count: 1, medianBusinessHours: 2 },
        resolve: { count: 0, medianBusinessHours: null, compliancePercent: null },
      },
      backlog: { total: 3 },
    });
    expect(report.yearAgo).toMatchObject({ month: "2025-02", received: { total: 0 }, closed: { total: 0 } });
  });

  it("archives a complete month once, audited, and serves it from the archive afterwards", async () => {
    const rows = await t.db.select().from(reports).where(eq(reports.period, "2026-02"));
    expect(rows).toHaveLength(1);
    await logCase("2026-02-27T10:00:00Z", { category: "late entry" }); // after archiving: not in the report
    at("2026-03-03T10:00:00Z");
    const again = (await getReport("2026-02")).json();
    expect(again).toEqual(report);
    const [events] = await t.db
      .select({ n: count() })
      .from(auditEvents)
      .where(eq(auditEvents.stream, "report:2026-02"));
    expect(events!.n).toBe(1);
    const list = await t.request({ method: "GET", url: "/api/v1/reports", as: quality });
    expect(list.json().items).toEqual([
      expect.objectContaining({
        kind: "monthly",
        period: "2026-02",
        distributedAt: null,
        downloads: expect.objectContaining({ pdf: "/api/v1/reports/monthly?month=2026-02&format=pdf" }),
      }),
    ]);
  });

  it("refuses a malformed month, month 13 and a future month with 400 naming month, storing nothing", async () => {
    at("2026-03-03T10:00:00Z");
    for (const month of ["2026-13", "2026-3", "March", "2026-00", "2026-04"]) {
      const res = await getReport(month);
      expect(res.statusCode, month).toBe(400);
      expect(res.headers["content-type"]).toContain("application/problem+json");
      expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual(["query.month"]);
    }
    expect((await getReport("2026-04")).json().errors[0].message).toContain("future");
    const [stored] = await t.db.select({ n: count() }).from(reports);
    expect(stored!.n).toBe(1);
  });

  it("shows the current month to date without archiving it", async () => {
    const res = await getReport("2026-03");
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      month: "2026-03",
      complete: false,
      previous: { received: { total: 5 } },
    });
    expect(await t.db.select().from(reports).where(eq(reports.period, "2026-03"))).toHaveLength(0);
  });

  it("is for managers, senior, quality, auditors and admins: an agent or records officer gets 403", async () => {
    for (const roles of [["agent"], ["records"]] as const) {
      const user = await t.user([...roles]);
      expect((await getReport("2026-02", user)).statusCode).toBe(403);
      expect((await t.request({ method: "GET", url: "/api/v1/reports", as: user })).statusCode).toBe(403);
    }
    for (const role of ["manager", "senior", "auditor", "admin"] as const) {
      expect((await getReport("2026-02", await t.user([role]))).statusCode).toBe(200);
    }
    expect(
      (await t.request({ method: "GET", url: "/api/v1/reports/monthly?month=2026-02" })).statusCode,
    ).toBe(401);
  });

  it("documents the report and the archive in the OpenAPI document", async () => {
    const doc = (await t.request({ method: "GET", url: "/api/v1/openapi.json" })).json();
    expect(doc.paths["/api/v1/reports/monthly"].get.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(["month", "format"]),
    );
    expect(doc.paths["/api/v1/reports"].get).toBeDefined();
  });

  it("downloads CSV in long form (table, row, column, value) that parses back to the figures", async () => {
    const res = await getReport("2026-02", quality, "csv");
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toContain("text/csv");
    expect(res.headers["content-disposition"]).toContain("complaints-report-2026-02.csv");
    const [header, ...rows] = parseCsv(res.body);
    expect(header).toEqual(["table", "row", "column", "value"]);
    const value = (table: string, row: string, column: string) =>
      rows.find((r) => r[0] === table && r[1] === row && r[2] === column)?.[3];
    expect(value("Summary", "Received", "February 2026")).toBe("5");
    expect(value("Summary", "Received", "January 2026")).toBe("2");
    expect(value("Received and closed", "Channel: In person", "Received February 2026")).toBe("1");
    expect(value("Timeliness", "Resolve: median (business hours)", "February 2026")).toBe("100");
    expect(value("Regulatory", "Closed after 3 business days, within 8 weeks", "February 2026")).toBe("2");
    expect(value("Regulatory", "Redress paid", "February 2026")).toBe("EUR 50.00; GBP 35.00");
  });

  it("downloads XLSX with the Summary sheet first and a sheet per table", async () => {
    const res = await getReport("2026-02", quality, "xlsx");
    expect(res.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const names = workbook.worksheets.map((s) => s.name);
    expect(names[0]).toBe("Summary");
    expect(names).toEqual(
      expect.arrayContaining(["Timeliness", "Regulatory", "Backlog", "Received and closed"]),
    );
    const summary = workbook.getWorksheet("Summary")!;
    const received = summary.getRows(1, summary.rowCount)!.find((r) => r.getCell(1).value === "Received")!;
    expect([received.getCell(2).value, received.getCell(3).value, received.getCell(4).value]).toEqual([
      5, 2, 0,
    ]);
    const regulatory = workbook.getWorksheet("Regulatory")!;
    const upheld = regulatory
      .getRows(1, regulatory.rowCount)!
      .find((r) => r.getCell(1).value === "Upheld (%)")!;
    expect(upheld.getCell(2).value).toBe(75);
  });

  const chromium = process.env.REDRESS_CHROMIUM || "/usr/bin/chromium";
  // Without Chromium the PDF test is skipped on a developer's machine, never in CI (CI must have it).
  it.skipIf(!existsSync(chromium) && !process.env.CI)(
    "prints the PDF with Chromium",
    async () => {
      const res = await getReport("2026-02", quality, "pdf");
      expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
      expect(res.headers["content-type"]).toBe("application/pdf");
      expect(res.rawPayload.subarray(0, 5).toString()).toBe("%PDF-");
      expect(res.rawPayload.length).toBeGreaterThan(20_000);
    },
    60_000,
  );
});

/** A BST month, the schedule, and a missing Chromium, on a database of their own. */
describe("monthly report: British Summer Time, the schedule and distribution", () => {
  let t: TestApp;
  let crew: Crew;
  const recipients = ["board@example.com", "quality.lead@example.com"];

  beforeAll(async () => {
    t = await createTestApp({
      now: "2025-09-30T12:00:00Z",
      env: {
        REDRESS_REPORT_RECIPIENTS: ` ${recipients.join(" , ")} `,
        REDRESS_CHROMIUM: "/nonexistent/chromium",
      },
    });
    crew = await makeCrew(t);
    // 22:30 UTC on 30 September is 23:30 BST: September. 23:30 UTC is 00:30 BST on 1 October: October.
    // 23:30 UTC on 31 October is 23:30 GMT (summer time ended on the 26th): still October.
    for (const time of [
      "2025-09-30T22:30:00Z",
      "2025-09-30T23:30:00Z",
      "2025-10-31T23:30:00Z",
      "2025-11-01T00:30:00Z",
    ]) {
      t.clock.set(time);
      await makeCase(t, crew.agent);
    }
  });
  afterAll(() => t.close());

  const job = () => runMonthlyReportJob(t.ctx(systemActor("scheduler")));

  it("waits for the first business day's opening, then archives and emails last month's report once", async () => {
    t.clock.set("2025-11-01T10:00:00Z"); // Saturday: not a business day
    expect(await job()).toBeNull();
    t.clock.set("2025-11-03T08:59:00Z"); // Monday, before opening
    expect(await job()).toBeNull();
    t.clock.set("2025-11-03T09:05:00Z");
    const runs = await Promise.all([job(), job()]);
    expect(runs.map((r) => r?.emailed ?? 0).sort()).toEqual([0, 2]);
    expect(await job()).toBeNull();

    const archived = await t.db.select().from(reports);
    expect(archived.map((r) => r.period)).toEqual(["2025-10"]);
    expect(archived[0]!.distributedAt).toEqual(new Date("2025-11-03T09:05:00Z"));
    const actions = await queryRows<{ action: string }>(
      t.db,
      sql`SELECT action FROM audit_events WHERE stream = 'report:2025-10' ORDER BY seq`,
    );
    expect(actions.map((a) => a.action)).toEqual(["report.generated", "report.distributed"]);
    const mails = await t.db.select().from(outbox).where(sql`${outbox.subject} LIKE '%complaints report%'`);
    expect(mails.map((m) => m.toAddress).sort()).toEqual(recipients);
    expect(mails[0]!.subject).toBe("Customer Care: complaints report for October 2025");
    expect(mails[0]!.textBody).toContain(
      "http://localhost:3000/api/v1/reports/monthly?month=2025-10&format=pdf",
    );
    expect(mails[0]!.textBody).toContain("Received: 2 (September 2025: 1)");
  });

  it("counts a BST month by local time at both ends", async () => {
    const admin = await t.user(["admin"]);
    const october = (
      await t.request({ method: "GET", url: "/api/v1/reports/monthly?month=2025-10", as: admin })
    ).json();
    expect(october).toMatchObject({ month: "2025-10", generatedAt: "2025-11-03T09:05:00.000Z" });
    expect(october.received.total).toBe(2);
    expect(october.previous.received.total).toBe(1);
    const november = (
      await t.request({ method: "GET", url: "/api/v1/reports/monthly?month=2025-11", as: admin })
    ).json();
    expect(november).toMatchObject({ complete: false, received: { total: 1 } });
  });

  it("reads REDRESS_REPORT_RECIPIENTS as a comma-separated list and names it when an address is wrong", () => {
    expect(t.config.reportRecipients).toEqual(recipients);
    expect(loadConfig({}).reportRecipients).toEqual([]);
    expect(() => loadConfig({ REDRESS_REPORT_RECIPIENTS: "board@example.com, board" })).toThrow(ConfigError);
    expect(() => loadConfig({ REDRESS_REPORT_RECIPIENTS: "board" })).toThrow(
      /^REDRESS_REPORT_RECIPIENTS: "board"/,
    );
  });

  it("answers 503 saying what to install when Chromium is missing, while CSV still works", async () => {
    const admin = await t.user(["admin"]);
    const pdf = await t.request({
      method: "GET",
      url: "/api/v1/reports/monthly?month=2025-10&format=pdf",
      as: admin,
    });
    expect(pdf.statusCode).toBe(503);
    expect(pdf.headers["content-type"]).toContain("application/problem+json");
    expect(pdf.json().detail).toContain("apt-get install chromium");
    const csv = await t.request({
      method: "GET",
      url: "/api/v1/reports/monthly?month=2025-10&format=csv",
      as: admin,
    });
    expect(csv.statusCode).toBe(200);
  });
});

describe("redress report (CLI)", () => {
  let dir: string;
  const err: string[] = [];
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "redress-report-cli-"));
    vi.stubEnv("REDRESS_DATA_DIR", join(dir, "data"));
    vi.stubEnv("DATABASE_URL", "");
    vi.spyOn(console, "log").mockImplementation(() => {});
    vi.spyOn(console, "error").mockImplementation((line: string) => void err.push(line));
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
    await rm(dir, { recursive: true, force: true });
  });

  it("writes last month's report as CSV, and refuses a month 13 with exit code 2", async () => {
    const lastMonth = DateTime.utc().minus({ months: 1 }).toFormat("yyyy-MM");
    const out = join(dir, "report.csv");
    expect(await main(["report", "--month", lastMonth, "--format", "csv", "--out", out])).toBe(0);
    expect((await readFile(out, "utf8")).replace(/^\uFEFF/, "")).toMatch(/^table,row,column,value\r?\n/);
    expect(await main(["report", "--month", "2026-13", "--format", "csv", "--out", out])).toBe(2);
    expect(err.at(-1)).toContain("--month must be a month written YYYY-MM");
  });
});

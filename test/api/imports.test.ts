import { sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyAuditTrail } from "../../src/server/audit/audit.verify.js";
import { queryRows } from "../../src/server/db/client.js";
import { importLegacyLog } from "../../src/server/imports/imports.service.js";
import type { CaseView } from "../../src/shared/cases.schema.js";
import { makeCase } from "../factories.js";
import { createTestApp, type TestApp, type TestUser } from "../harness.js";
import { PDF } from "../records.js";

const HEADER =
  "Date,Customer Name,Contact Info,Complaint Details,Status,Handler,Actions Taken,Resolution/Closure Date";

function upload(
  t: TestApp,
  as: TestUser,
  name: string,
  bytes: Uint8Array | string,
  fields: Record<string, string> = {},
) {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.append(k, v);
  data.append("file", new Blob([bytes]), name);
  return t.request({ method: "POST", url: "/api/v1/imports", as, payload: data });
}

async function countCases(t: TestApp): Promise<number> {
  const [row] = await queryRows<{ n: number }>(t.db, sql`SELECT count(*)::int AS n FROM cases`);
  return row!.n;
}

describe("importing a legacy complaint log (R2)", () => {
  let t: TestApp;
  let admin: TestUser;
  let handler: TestUser;
  let existing: CaseView;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.user(["admin"]);
    handler = await t.user(["agent"], "John Smith");
    existing = await makeCase(t, handler, { customer: { name: "Jane Doe", email: "jane.doe@email.com" } });
  });
  afterAll(() => t.close());

  const s0 = [
    HEADER,
    "2024-06-01,Jane Doe,jane.doe@email.com,Late delivery,Closed,John Smith,Expedited replacement,2024-06-03",
    '2024-06-02 14:30,Sam Smith,+44 20 7946 0000,"Wrong item sent\nSecond line of detail",In Progress,John Smith,,',
    "2024-06-03,Pat Open,pat@example.com,Never arrived,Open,Unknown Person,,",
  ].join("\n");

  it("dry-runs row by row and writes nothing", async () => {
    const before = await countCases(t);
    const res = await upload(t, admin, "log.csv", s0, { dryRun: "true" });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      dryRun: true,
      file: { name: "log.csv", kind: "csv", rows: 3, emptyRows: 0 },
      counts: { imported: 3, alreadyImported: 0, bad: 0 },
    });
    expect(res.json().rows.map((r: { row: number; outcome: string }) => [r.row, r.outcome])).toEqual([
      [2, "would import"],
      [3, "would import"],
      [5, "would import"],
    ]);
    expect(await countCases(t)).toBe(before);
  });

  it("imports the S0 columns keeping the original dates, matching customers and handlers, marked in the audit trail", async () => {
    const res = await upload(t, admin, "log.csv", s0);
    expect(res.statusCode).toBe(201);
    const [closed, progress, open] = res.json().rows as { reference: string }[];
    const get = async (ref: string) =>
      (await t.request({ method: "GET", url: `/api/v1/cases/${ref}`, as: admin })).json() as CaseView;
    expect(await get(closed!.reference)).toMatchObject({
      status: "closed",
      receivedAt: "2024-05-31T23:00:00.000Z",
      closedAt: "2024-06-02T23:00:00.000Z",
      summary: "Late delivery",
      resolution: "Expedited replacement",
      customer: { id: existing.customer!.id },
    });
    expect(await get(progress!.reference)).toMatchObject({
      status: "assigned",
      ownerId: handler.id,
      summary: "Wrong item sent",
      description: "Wrong item sent\nSecond line of detail",
      customer: { phone: "+44 20 7946 0000" },
      level: 3,
    });
    expect(await get(open!.reference)).toMatchObject({ status: "new", ownerId: null });
    const history = (
      await t.request({ method: "GET", url: `/api/v1/cases/${closed!.reference}/history`, as: admin })
    ).json().items;
    expect(history).toEqual([
      expect.objectContaining({
        action: "case.imported",
        at: "2026-03-02T10:00:00.000Z",
        changes: expect.objectContaining({
          customerName: { new: "Jane Doe" },
          legacyHandler: { new: "John Smith" },
          import: { new: expect.objectContaining({ file: "log.csv", row: 2, sha256: expect.any(String) }) },
        }),
      }),
    ]);
    const notices = await queryRows<{ n: number }>(t.db, sql`SELECT count(*)::int AS n FROM notifications`);
    expect(notices[0]!.n).toBe(0);
  });

  it("imports nothing twice when the same file comes again", async () => {
    const before = await countCases(t);
    const res = await upload(t, admin, "log-again.csv", s0);
    expect(res.statusCode).toBe(200);
    expect(res.json().counts).toEqual({ imported: 0, alreadyImported: 3, bad: 0 });
    expect(await countCases(t)).toBe(before);
  });

  it("refuses a file with bad rows whole, naming each row and why; --skip-bad imports the rest", async () => {
    const before = await countCases(t);
    const file = [
      HEADER,
      "2024-07-01,Ann Good,ann@example.com,Broken lid,Open,,,",
      "32/13/2024,Bob Bad,bob@example.com,Bad date,Open,,,",
      "2024-07-02,,carl@example.com,No name,Open,,,",
      "2024-07-03,Dee,dee@example.com,Odd status,Pending review,,,",
      "2024-07-04,Eve,not contact info!,Closed without date,Closed,,,",
      "2099-01-01,Fay,fay@example.com,From the future,Open,,,",
    ].join("\n");
    const res = await upload(t, admin, "bad.csv", file);
    expect(res.statusCode).toBe(422);
    expect(res.headers["content-type"]).toContain("application/problem+json");
    expect(res.json().detail).toContain("5 row(s) cannot be imported, so nothing was imported");
    expect(res.json().rows.map((r: { row: number; reason: string }) => [r.row, r.reason])).toEqual([
      [3, 'Date "32/13/2024" is not a real date'],
      [4, "Customer Name is empty"],
      [5, 'Status "Pending review" is not one of Open, In Progress, Closed'],
      [
        6,
        'a Closed complaint needs its Resolution/Closure Date; Contact Info "not contact info!" is neither an email address nor a phone number',
      ],
      [7, "Date 2099-01-01 is in the future"],
    ]);
    expect(await countCases(t)).toBe(before);
    const skipped = await upload(t, admin, "bad.csv", file, { skipBad: "true" });
    expect(skipped.statusCode).toBe(201);
    expect(skipped.json().counts).toEqual({ imported: 1, alreadyImported: 0, bad: 5 });
    expect(skipped.json().rows[1]).toMatchObject({ outcome: "skipped (bad)" });
    expect(await countCases(t)).toBe(before + 1);
  });

  it("reads messy real-world CSV: BOM, semicolons, CRLF, empty rows, Windows-1252, mixed date formats", async () => {
    const lines = [
      "Date;Customer Name;Contact Info;Complaint Details;Status;Handler;Actions Taken;Resolution/Closure Date",
      '15/08/2024;Zoë Müller;zoe@example.de;"Parcel crushed; vase broken";Closed;;Refund;20/08/2024',
      ";;;;;;;",
      "",
      "1 September 2024;Ólafur;+354 555 1234;Late;open;;;",
      'Sep 2, 2024 9:15 am;Ida;ida@example.com;"Quote ""wrong""";IN PROGRESS;;;',
      "45550;Serial Sam;sam.serial@example.com;Serial date;Open;;;",
      "",
    ];
    const text = `\uFEFF${lines.join("\r\n")}`;
    const latin1 = Uint8Array.from([...text.slice(1)].map((c) => c.charCodeAt(0)));
    for (const [name, bytes] of [
      ["utf8.csv", new TextEncoder().encode(text)],
      ["latin1.csv", latin1],
    ] as const) {
      const res = await upload(t, admin, name, bytes, { dryRun: "true" });
      expect([name, res.statusCode]).toEqual([name, 200]);
      expect(res.json()).toMatchObject({
        file: { rows: 4, emptyRows: 2 },
        counts: { bad: 0, imported: 4 },
        dateOrder: "dmy",
      });
    }
    const res = await upload(t, admin, "utf8.csv", new TextEncoder().encode(text));
    expect(res.statusCode).toBe(201);
    const first = (
      await t.request({ method: "GET", url: `/api/v1/cases/${res.json().rows[0].reference}`, as: admin })
    ).json();
    expect(first).toMatchObject({
      customer: { name: "Zoë Müller" },
      summary: "Parcel crushed; vase broken",
      receivedAt: "2024-08-14T23:00:00.000Z",
    });
    const serial = (
      await t.request({ method: "GET", url: `/api/v1/cases/${res.json().rows[3].reference}`, as: admin })
    ).json();
    expect(serial.receivedAt).toBe("2024-09-14T23:00:00.000Z"); // 15 September, midnight in London
  });

  it("refuses ambiguous dates in a file that writes dates both ways, unless the order is given", async () => {
    const file = [
      HEADER,
      "13/01/2024,A,a@example.com,x,Open,,,",
      "01/13/2024,B,b@example.com,y,Open,,,",
      "02/03/2024,C,c@example.com,z,Open,,,",
    ].join("\n");
    const mixed = await upload(t, admin, "mixed.csv", file, { dryRun: "true" });
    expect(mixed.json().rows.map((r: { outcome: string }) => r.outcome)).toEqual([
      "would import",
      "would import",
      "bad",
    ]);
    expect(mixed.json().rows[2].reason).toContain("could be read day-first or month-first");
  });

  it("maps other layouts onto the S0 columns, and reads XLSX with real date cells", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("Old log");
    sheet.addRow(["Received On", "Client", "Email", "Issue", "State"]);
    sheet.addRow([
      new Date(Date.UTC(2023, 10, 5, 9, 30)),
      "Xena Xlsx",
      "xena@example.com",
      "Leaking tap",
      "Open",
    ]);
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    const unmapped = await upload(t, admin, "old.xlsx", bytes);
    expect(unmapped.statusCode).toBe(400);
    expect(unmapped.json().detail).toContain(
      'the file has no "Date", "Customer Name", "Complaint Details" column',
    );
    const res = await upload(t, admin, "old.xlsx", bytes, {
      mapping:
        "Date=Received On,Customer Name=Client,Contact Info=Email,Complaint Details=Issue,Status=State",
    });
    expect(res.statusCode).toBe(201);
    const imported = (
      await t.request({ method: "GET", url: `/api/v1/cases/${res.json().rows[0].reference}`, as: admin })
    ).json();
    expect(imported).toMatchObject({
      receivedAt: "2023-11-05T09:30:00.000Z",
      summary: "Leaking tap",
      customer: { name: "Xena Xlsx" },
    });
    const wrong = await upload(t, admin, "old.xlsx", bytes, { mapping: "When=Received On" });
    expect(wrong.json().detail).toContain('"When", which is not an S0 column');
  });

  it("refuses what is not a spreadsheet, saying what to give instead, and changes nothing", async () => {
    const before = await countCases(t);
    const cases: [string, Uint8Array | string, number, string][] = [
      ["scan.pdf", PDF, 400, 'the file has no "Date"'],
      ["photo.png", Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]), 415, "not a text file"],
      ["old.xls", Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), 415, "old Excel .xls"],
      ["archive.zip", Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), 415, "not an XLSX workbook"],
      ["empty.csv", "", 415, "the file is empty"],
    ];
    for (const [name, bytes, status, detail] of cases) {
      const res = await upload(t, admin, name, bytes);
      expect([name, res.statusCode]).toEqual([name, status]);
      expect(res.json().detail).toContain(detail);
    }
    expect((await upload(t, await t.user(["records"]), "log.csv", s0)).statusCode).toBe(403);
    expect(await countCases(t)).toBe(before);
  });

  it("imports a 10,000-row log in one go, and a second run imports nothing", {
    timeout: 300_000,
  }, async () => {
    const formats = [
      (d: Date) => d.toISOString().slice(0, 10),
      (d: Date) =>
        `${String(d.getUTCDate()).padStart(2, "0")}/${String(d.getUTCMonth() + 1).padStart(2, "0")}/${d.getUTCFullYear()}`,
      (d: Date) =>
        `${d.getUTCDate()} ${d.toLocaleString("en-GB", { month: "long", timeZone: "UTC" })} ${d.getUTCFullYear()}`,
    ];
    const rows = [HEADER];
    for (let i = 0; i < 10_000; i++) {
      const received = new Date(Date.UTC(2019, 0, 1) + i * 3 * 3_600_000);
      const closed = new Date(received.getTime() + 5 * 86_400_000);
      const status = i % 10 === 0 ? "Open" : "Closed";
      rows.push(
        [
          formats[i % 3]!(received),
          `Customer ${i % 4000}`,
          i % 2 ? `customer${i % 4000}@example.com` : `+44 7700 9${String(i % 4000).padStart(5, "0")}`,
          `"Complaint number ${i}, about order ${i * 7}"`,
          status,
          "John Smith",
          status === "Closed" ? "Refunded" : "",
          status === "Closed" ? formats[(i + 1) % 3]!(closed) : "",
        ].join(","),
      );
      if (i % 1000 === 999) rows.push(",,,,,,,");
    }
    const bytes = new TextEncoder().encode(rows.join("\n"));
    const ctx = t.ctx({ kind: "user", userId: admin.id, roles: ["admin"], source: "test" });
    const before = await countCases(t);
    const started = Date.now();
    const report = await importLegacyLog(
      ctx,
      { name: "ten-thousand.csv", bytes },
      { dryRun: false, skipBad: false, dateOrder: "auto", channel: "api", mapping: {} },
    );
    const seconds = (Date.now() - started) / 1000;
    expect(report.counts).toEqual({ imported: 10_000, alreadyImported: 0, bad: 0 });
    expect(report.file.emptyRows).toBe(9); // the blank line after the last row ends the file, it is not a row
    expect(await countCases(t)).toBe(before + 10_000);
    console.info(`10,000 legacy rows imported in ${seconds.toFixed(1)} s`);
    const again = await importLegacyLog(
      ctx,
      { name: "ten-thousand.csv", bytes },
      { dryRun: false, skipBad: false, dateOrder: "auto", channel: "api", mapping: {} },
    );
    expect(again.counts).toEqual({ imported: 0, alreadyImported: 10_000, bad: 0 });
    const [customers] = await queryRows<{ n: number }>(
      t.db,
      sql`SELECT count(DISTINCT customer_id)::int AS n FROM cases c JOIN case_imports i ON i.case_id = c.id WHERE i.file_name = 'ten-thousand.csv'`,
    );
    // Odd rows give an email, even rows a phone: 2,000 customers by email, 2,000 by phone, each matched again.
    expect(customers!.n).toBe(4000);
    expect((await verifyAuditTrail(t.db)).ok).toBe(true);
  });
});

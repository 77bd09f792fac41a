import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../src/server/db/client.js";
import { makeCase } from "../factories.js";
import { createTestApp, type TestApp, type TestUser } from "../harness.js";

// Real files, small enough to read: a one-page PDF and a 1×1 PNG.
const PDF = new TextEncoder().encode(
  "%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n",
);
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
  "base64",
);
// A Windows executable: "MZ", then the DOS stub.
const EXE = new Uint8Array([
  0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0xff, 0xff,
]);

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

type Part = [name: string, bytes: Uint8Array, type?: string];
function form(files: Part[], fields: Record<string, string> = {}): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.append(name, value);
  for (const [name, bytes, type] of files) {
    data.append("file", new Blob([bytes], { type: type ?? "application/octet-stream" }), name);
  }
  return data;
}

async function count(t: TestApp): Promise<{ rows: number; blobs: number }> {
  const [row] = await queryRows<{ rows: number; blobs: number }>(
    t.db,
    sql`SELECT (SELECT count(*)::int FROM attachments) AS rows, (SELECT count(*)::int FROM attachment_blobs) AS blobs`,
  );
  return row!;
}

describe("attachments on a case and on a message (R2)", () => {
  let t: TestApp;
  let agent: TestUser;
  let auditor: TestUser;
  let records: TestUser;
  beforeAll(async () => {
    t = await createTestApp();
    agent = await t.user(["agent"], "Alice Agent");
    auditor = await t.user(["auditor"]);
    records = await t.user(["records"]);
  });
  afterAll(() => t.close());

  const url = (reference: string) => `/api/v1/cases/${reference}/attachments`;
  const upload = (reference: string, payload: FormData, as = agent, headers: Record<string, string> = {}) =>
    t.request({ method: "POST", url: url(reference), as, payload, headers });
  const phoneCase = () => makeCase(t, agent, { customer: { name: "Pat Phone", phone: "+44 7700 900002" } });

  it("stores a PDF and a PNG, typed by their content, and gives back identical bytes", async () => {
    const c = await phoneCase();
    const res = await upload(
      c.reference,
      form([
        ["scan.pdf", PDF, "application/pdf"],
        ["photo of the vase.png", PNG, "text/plain"], // the sender's claim is ignored
      ]),
    );
    expect(res.statusCode).toBe(201);
    const items = res.json().items;
    expect(items).toMatchObject([
      {
        filename: "scan.pdf",
        contentType: "application/pdf",
        sizeBytes: PDF.byteLength,
        sha256: sha256(PDF),
        source: "staff",
        uploadedBy: { id: agent.id, name: "Alice Agent" },
        correspondenceId: null,
      },
      { filename: "photo of the vase.png", contentType: "image/png", sha256: sha256(PNG) },
    ]);
    const list = await t.request({ method: "GET", url: url(c.reference), as: auditor });
    expect(list.json().items.map((i: { id: string }) => i.id)).toEqual(
      items.map((i: { id: string }) => i.id),
    );

    for (const [item, bytes] of [
      [items[0], PDF],
      [items[1], PNG],
    ] as const) {
      const download = await t.request({ method: "GET", url: `${url(c.reference)}/${item.id}`, as: auditor });
      expect(download.statusCode).toBe(200);
      expect(sha256(download.rawPayload)).toBe(item.sha256);
      expect(Buffer.compare(download.rawPayload, Buffer.from(bytes))).toBe(0);
      expect(download.headers).toMatchObject({
        "content-type": item.contentType,
        "content-disposition": `attachment; filename*=UTF-8''${encodeURIComponent(item.filename)}`,
        "x-content-type-options": "nosniff",
        "content-security-policy": "sandbox",
        etag: `"${item.sha256}"`,
      });
    }
  });

  it("records each file in the case history as case.attachment_added, with its name", async () => {
    const c = await phoneCase();
    await upload(c.reference, form([["receipt.pdf", PDF]]));
    const history = (
      await t.request({ method: "GET", url: `/api/v1/cases/${c.reference}/history`, as: auditor })
    ).json();
    expect(history.items.at(-1)).toMatchObject({
      action: "case.attachment_added",
      changes: { filename: { new: "receipt.pdf" }, sha256: { new: sha256(PDF) }, source: { new: "staff" } },
    });
  });

  it("refuses a Windows executable named invoice.pdf with 415 and stores nothing", async () => {
    const c = await phoneCase();
    const before = await count(t);
    const res = await upload(c.reference, form([["invoice.pdf", EXE, "application/pdf"]]));
    expect(res.statusCode).toBe(415);
    expect(res.headers["content-type"]).toContain("application/problem+json");
    expect(res.json()).toMatchObject({ code: "file_type_refused", errors: [{ field: "file" }] });
    expect(res.json().detail).toContain("invoice.pdf");
    expect(await count(t)).toEqual(before);
  });

  it("refuses an empty file with 400", async () => {
    const c = await phoneCase();
    const res = await upload(c.reference, form([["empty.pdf", new Uint8Array(0)]]));
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: "empty_file" });
  });

  it("stores neither file when the second of two is refused, and says which", async () => {
    const c = await phoneCase();
    const before = await count(t);
    const res = await upload(
      c.reference,
      form([
        ["fine.png", PNG],
        ["setup.pdf", EXE],
      ]),
    );
    expect(res.statusCode).toBe(415);
    expect(res.json().errors).toEqual([{ field: "file.1", message: expect.stringContaining("setup.pdf") }]);
    expect(res.json().detail).toMatch(/^file 2 of 2: setup\.pdf .*none of the 2 files was stored$/);
    expect(await count(t)).toEqual(before);
    expect((await t.request({ method: "GET", url: url(c.reference), as: agent })).json().items).toEqual([]);
  });

  it("keeps the same bytes once: one blob, two attachment rows", async () => {
    const c = await phoneCase();
    const bytes = new TextEncoder().encode(`%PDF-1.4\n% unique ${c.id}\n%%EOF\n`);
    const before = await count(t);
    expect((await upload(c.reference, form([["a.pdf", bytes]]))).statusCode).toBe(201);
    expect((await upload(c.reference, form([["b.pdf", bytes]]))).statusCode).toBe(201);
    expect(await count(t)).toEqual({ rows: before.rows + 2, blobs: before.blobs + 1 });
  });

  it("refuses an upload that is not multipart, or has no file part, or a misnamed one", async () => {
    const c = await phoneCase();
    const json = await t.request({ method: "POST", url: url(c.reference), as: agent, payload: {} });
    expect(json.statusCode).toBe(415);
    const none = await upload(c.reference, form([], { correspondenceId: "" }));
    expect(none.statusCode).toBe(400);
    const misnamed = new FormData();
    misnamed.append("upload", new Blob([PDF]), "scan.pdf");
    const res = await upload(c.reference, misnamed);
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining(["upload"]),
    );
    // And a route that takes no files refuses a multipart body outright.
    const elsewhere = await t.request({ method: "POST", url: "/api/v1/cases", as: agent, payload: form([]) });
    expect(elsewhere.statusCode).toBe(415);
  });

  it("refuses more than 10 files in one request with 413", async () => {
    const c = await phoneCase();
    const before = await count(t);
    const files = Array.from({ length: 11 }, (_, i): Part => [`p${i}.png`, PNG]);
    const res = await upload(c.reference, form(files));
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe("too_many_files");
    expect(await count(t)).toEqual(before);
  });

  it("lets an auditor download but not attach, and hides an archived case's files from an agent", async () => {
    const c = await phoneCase();
    const stored = (await upload(c.reference, form([["scan.pdf", PDF]]))).json().items[0];
    expect((await upload(c.reference, form([["x.pdf", PDF]]), auditor)).statusCode).toBe(403);
    await t.db.execute(sql`UPDATE cases SET status = 'archived' WHERE reference = ${c.reference}`);
    const fileUrl = `${url(c.reference)}/${stored.id}`;
    expect((await t.request({ method: "GET", url: url(c.reference), as: agent })).statusCode).toBe(404);
    const byAgent = await t.request({ method: "GET", url: fileUrl, as: agent });
    expect(byAgent.statusCode).toBe(404);
    expect(byAgent.rawPayload.includes(Buffer.from("%PDF"))).toBe(false);
    expect((await t.request({ method: "GET", url: fileUrl, as: records })).statusCode).toBe(200);
    // One who works cases and may see archived ones still may not add to a closed record.
    const managerAndRecords = await t.user(["manager", "records"]);
    const late = await upload(c.reference, form([["late.pdf", PDF]]), managerAndRecords);
    expect([late.statusCode, late.json().code]).toEqual([409, "archived"]);
  });

  it("answers 404 for a file id of another case", async () => {
    const a = await phoneCase();
    const b = await phoneCase();
    const stored = (await upload(a.reference, form([["scan.pdf", PDF]]))).json().items[0];
    const res = await t.request({ method: "GET", url: `${url(b.reference)}/${stored.id}`, as: agent });
    expect(res.statusCode).toBe(404);
  });

  it("honours If-Match (412 when stale) and Idempotency-Key (one upload for two tries)", async () => {
    const c = await phoneCase();
    const stale = await upload(c.reference, form([["scan.pdf", PDF]]), agent, {
      "if-match": `"${c.version - 1}"`,
    });
    expect(stale.statusCode).toBe(412);
    const current = await upload(c.reference, form([["scan.pdf", PDF]]), agent, {
      "if-match": `"${c.version}"`,
    });
    expect(current.statusCode).toBe(201);
    const key = { "idempotency-key": `upload-${c.id}` };
    const first = await upload(c.reference, form([["again.png", PNG]]), agent, key);
    const second = await upload(c.reference, form([["again.png", PNG]]), agent, key);
    expect(second.headers["idempotent-replay"]).toBe("true");
    expect(second.json()).toEqual(first.json());
    const other = await upload(c.reference, form([["other.pdf", PDF]]), agent, key);
    expect(other.statusCode).toBe(422);
    expect((await t.request({ method: "GET", url: url(c.reference), as: agent })).json().items).toHaveLength(
      2,
    );
  });

  it("attaches files to a message, which then lists them; another case's message is refused", async () => {
    const c = await phoneCase();
    const other = await phoneCase();
    const letter = (
      await t.request({
        method: "POST",
        url: `/api/v1/cases/${c.reference}/correspondence`,
        as: agent,
        payload: { kind: "letter", direction: "outbound", body: "Our reply, with the courier's report" },
      })
    ).json();
    expect(letter.attachments).toEqual([]);
    const res = await upload(c.reference, form([["report.pdf", PDF]], { correspondenceId: letter.id }));
    expect(res.statusCode).toBe(201);
    expect(res.json().items[0].correspondenceId).toBe(letter.id);
    const wrong = await upload(other.reference, form([["report.pdf", PDF]], { correspondenceId: letter.id }));
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors).toMatchObject([{ field: "correspondenceId" }]);
    const list = (
      await t.request({ method: "GET", url: `/api/v1/cases/${c.reference}/correspondence`, as: agent })
    ).json();
    expect(list.items).toMatchObject([{ id: letter.id, attachments: [{ filename: "report.pdf" }] }]);
  });
});

describe("the size limit (REDRESS_ATTACHMENT_MAX_MB)", () => {
  let t: TestApp;
  let agent: TestUser;
  beforeAll(async () => {
    t = await createTestApp({ env: { REDRESS_ATTACHMENT_MAX_MB: "1" } });
    agent = await t.user(["agent"]);
  });
  afterAll(() => t.close());

  it("refuses a 1.5 MB file with 413 naming the limit, and stores nothing", async () => {
    const c = await makeCase(t, agent);
    const big = new Uint8Array(1.5 * 1024 * 1024).fill(0x20);
    big.set(PDF);
    const before = await count(t);
    const res = await t.request({
      method: "POST",
      url: `/api/v1/cases/${c.reference}/attachments`,
      as: agent,
      payload: form([["big scan.pdf", big]]),
    });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ code: "file_too_large", errors: [{ field: "file" }] });
    expect(res.json().detail).toContain("big scan.pdf is larger than the limit of 1 MB");
    expect(await count(t)).toEqual(before);
  });
});

describe("files through the customer's link (R2, R7)", () => {
  let t: TestApp;
  let agent: TestUser;
  beforeAll(async () => {
    t = await createTestApp();
    agent = await t.user(["agent"]);
  });
  afterAll(() => t.close());

  async function publicCase() {
    const res = await t.request({
      method: "POST",
      url: "/api/v1/public/complaints",
      payload: {
        name: "Jane Doe",
        email: "jane.files@example.com",
        summary: "Damaged parcel",
        description: "The vase arrived in pieces.",
      },
    });
    const { reference, link } = res.json();
    return { reference: reference as string, token: (link as string).split("/").at(-1)! };
  }
  const view = (token: string) => t.request({ method: "GET", url: `/api/v1/public/cases/${token}` });
  const staffUpload = (reference: string, payload: FormData) =>
    t.request({ method: "POST", url: `/api/v1/cases/${reference}/attachments`, as: agent, payload });
  const logItem = async (reference: string, payload: object) =>
    (
      await t.request({
        method: "POST",
        url: `/api/v1/cases/${reference}/correspondence`,
        as: agent,
        payload,
      })
    ).json().id as string;

  it("takes a customer's file with a message, audited as the public link, and gives it back", async () => {
    const { reference, token } = await publicCase();
    const res = await t.request({
      method: "POST",
      url: `/api/v1/public/cases/${token}/attachments`,
      payload: form([["photo.png", PNG]], { message: "Here is the broken vase" }),
    });
    expect(res.statusCode).toBe(201);
    const file = res.json().attachments.find((f: { filename: string }) => f.filename === "photo.png");
    expect(file).toMatchObject({ contentType: "image/png", sizeBytes: PNG.byteLength, from: "you" });
    expect(res.json().messages.at(-1)).toMatchObject({ from: "you", body: "Here is the broken vase" });
    const download = await t.request({
      method: "GET",
      url: `/api/v1/public/cases/${token}/attachments/${file.id}`,
    });
    expect(download.statusCode).toBe(200);
    expect(sha256(download.rawPayload)).toBe(sha256(PNG));

    const staff = (
      await t.request({ method: "GET", url: `/api/v1/cases/${reference}/attachments`, as: agent })
    ).json();
    expect(staff.items).toMatchObject([{ id: file.id, source: "customer", uploadedBy: null }]);
    const history = (
      await t.request({ method: "GET", url: `/api/v1/cases/${reference}/history`, as: agent })
    ).json();
    expect(history.items.at(-1)).toMatchObject({
      action: "case.attachment_added",
      source: "public-link",
      changes: { filename: { new: "photo.png" }, source: { new: "customer" } },
    });
  });

  it("refuses a bad file from the customer and keeps their message out too", async () => {
    const { token } = await publicCase();
    const res = await t.request({
      method: "POST",
      url: `/api/v1/public/cases/${token}/attachments`,
      payload: form([["invoice.pdf", EXE]], { message: "see attached" }),
    });
    expect(res.statusCode).toBe(415);
    expect((await view(token)).json().messages.map((m: { body: string }) => m.body)).not.toContain(
      "see attached",
    );
  });

  it("never shows the customer a file on an internal note, but does show one on a letter to them", async () => {
    const { reference, token } = await publicCase();
    const note = await logItem(reference, { kind: "note", body: "Courier's internal report" });
    const letter = await logItem(reference, { kind: "letter", direction: "outbound", body: "Our answer" });
    const onNote = (
      await staffUpload(reference, form([["internal.pdf", PDF]], { correspondenceId: note }))
    ).json().items[0];
    await staffUpload(reference, form([["answer.png", PNG]], { correspondenceId: letter }));
    await staffUpload(reference, form([["case-only.png", PNG]]));
    const files = (await view(token)).json().attachments;
    expect(files.map((f: { filename: string; from: string }) => [f.filename, f.from])).toEqual([
      ["answer.png", "us"],
    ]);
    const hidden = await t.request({
      method: "GET",
      url: `/api/v1/public/cases/${token}/attachments/${onNote.id}`,
    });
    expect(hidden.statusCode).toBe(404);
  });

  it("takes files from the plain HTML page's form, with or without a message", async () => {
    const { token } = await publicCase();
    const page = await t.request({ method: "GET", url: `/public/case/${token}` });
    expect(page.body).toContain('enctype="multipart/form-data"');
    expect(page.body).toContain('type="file"');
    const data = form([["letter.pdf", PDF]], { message: "" });
    data.append("file", new Blob([]), ""); // an empty second file input
    const res = await t.request({ method: "POST", url: `/public/case/${token}/message`, payload: data });
    expect(res.statusCode).toBe(303);
    const after = await t.request({ method: "GET", url: `/public/case/${token}` });
    expect(after.body).toContain("letter.pdf");
    expect(after.body).toMatch(/href="\/api\/v1\/public\/cases\/[^"]+\/attachments\/[0-9a-f-]{36}"/);
  });
});

import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import MailComposer from "nodemailer/lib/mail-composer/index.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runScanner } from "../../src/server/attachments/attachments.scan.js";
import { queryRows } from "../../src/server/db/client.js";
import { makeCase } from "../factories.js";
import { createTestApp, type TestApp } from "../harness.js";
import { INBOUND_TOKEN, OUR_ADDRESS } from "../inbound.js";

// The EICAR test file, put together here so that the test's own source is not flagged by a real scanner.
const EICAR = Buffer.from(
  ["X5O!P%@AP[4\\PZX54(P^)7CC)7}$", "EICAR-STANDARD-ANTIVIRUS-", "TEST-FILE!$H+H*"].join(""),
);
const TEXT = Buffer.from("The parcel arrived on Monday with the lid cracked.\n");
const PDF = Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");

// Stand-ins for clamscan: exit 1 on the EICAR string, 0 otherwise; one broken (2); one that never answers.
const SCANNERS = {
  "scan.mjs": `let seen = "";
process.stdin.setEncoding("latin1");
process.stdin.on("data", (chunk) => { seen += chunk; });
process.stdin.on("end", () => {
  const found = seen.includes("EICAR-STANDARD-ANTIVIRUS-TEST-FILE");
  process.stdout.write(found ? "stdin: Eicar-Test-Signature FOUND\\n" : "stdin: OK\\n");
  process.exit(found ? 1 : 0);
});`,
  "broken.mjs": `process.stderr.write("ERROR: Could not connect to clamd\\n"); process.exit(2);`,
  "slow.mjs": "setTimeout(() => process.exit(0), 30_000);",
};

let dir: string;
const scanner = (name: keyof typeof SCANNERS) => `${process.execPath} ${join(dir, name)}`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "redress-scan-"));
  for (const [name, source] of Object.entries(SCANNERS)) await writeFile(join(dir, name), source);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

function form(files: [name: string, bytes: Uint8Array][], fields: Record<string, string> = {}): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.append(name, value);
  for (const [name, bytes] of files) data.append("file", new Blob([bytes]), name);
  return data;
}

/** Attachment rows and audit events of one case: what an upload leaves behind. */
async function traces(t: TestApp, reference: string) {
  const [row] = await queryRows<{ files: number; events: number }>(
    t.db,
    sql`SELECT (SELECT count(*)::int FROM attachments a JOIN cases c ON c.id = a.case_id WHERE c.reference = ${reference}) AS files,
               (SELECT count(*)::int FROM audit_events e JOIN cases c ON c.id = e.case_id WHERE c.reference = ${reference}) AS events`,
  );
  return row!;
}

async function appWith(command: string | undefined) {
  const t = await createTestApp({
    env: {
      ...(command ? { REDRESS_UPLOAD_SCAN_COMMAND: command } : {}),
      REDRESS_INBOUND_TOKEN: INBOUND_TOKEN,
      REDRESS_MAIL_FROM: `Customer Care <${OUR_ADDRESS}>`,
    },
  });
  const agent = await t.user(["agent"]);
  const upload = (reference: string, payload: FormData) =>
    t.request({ method: "POST", url: `/api/v1/cases/${reference}/attachments`, as: agent, payload });
  const email = async (attachments: { filename: string; content: Buffer }[]) => {
    const raw = await new MailComposer({
      from: '"Pat" <pat.scan@example.com>',
      to: OUR_ADDRESS,
      subject: "Photos of the damage",
      text: "Files attached.",
      attachments,
    })
      .compile()
      .build();
    return t.request({
      method: "POST",
      url: "/api/v1/inbound/email",
      headers: { authorization: `Bearer ${INBOUND_TOKEN}`, "content-type": "message/rfc822" },
      payload: raw,
    });
  };
  return { t, agent, upload, email, newCase: () => makeCase(t, agent) };
}

describe("uploads through a virus scanner (REDRESS_UPLOAD_SCAN_COMMAND)", () => {
  let app: Awaited<ReturnType<typeof appWith>>;
  beforeAll(async () => {
    app = await appWith(scanner("scan.mjs"));
  });
  afterAll(() => app.t.close());

  it("stores a file the scanner calls clean", async () => {
    const c = await app.newCase();
    const res = await app.upload(c.reference, form([["notes.txt", TEXT]]));
    expect(res.statusCode).toBe(201);
    expect((await traces(app.t, c.reference)).files).toBe(1);
  });

  it("refuses an infected file with 422 naming it, and stores and audits nothing", async () => {
    const c = await app.newCase();
    const before = await traces(app.t, c.reference);
    const res = await app.upload(c.reference, form([["eicar.txt", EICAR]]));
    expect(res.statusCode).toBe(422);
    expect(res.headers["content-type"]).toContain("application/problem+json");
    expect(res.json()).toMatchObject({ code: "upload_infected", errors: [{ field: "file" }] });
    expect(res.json().detail).toMatch(/^eicar\.txt was refused: the virus scanner reported it infected/);
    expect(await traces(app.t, c.reference)).toEqual(before);
  });

  it("stores neither file when the second of two is infected, and says which", async () => {
    const c = await app.newCase();
    const res = await app.upload(
      c.reference,
      form([
        ["receipt.pdf", PDF],
        ["eicar.txt", EICAR],
      ]),
    );
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toEqual([{ field: "file.1", message: expect.stringContaining("eicar.txt") }]);
    expect(res.json().detail).toMatch(/^file 2 of 2: .*none of the 2 files was stored$/);
    expect((await traces(app.t, c.reference)).files).toBe(0);
  });

  it("refuses an infected file from the customer's link, and keeps their message out too", async () => {
    const created = await app.t.request({
      method: "POST",
      url: "/api/v1/public/complaints",
      payload: {
        name: "Jane Doe",
        email: "jane.scan@example.com",
        summary: "Broken",
        description: "In pieces.",
      },
    });
    const token = (created.json().link as string).split("/").at(-1)!;
    const before = await traces(app.t, created.json().reference);
    const res = await app.t.request({
      method: "POST",
      url: `/api/v1/public/cases/${token}/attachments`,
      payload: form([["eicar.txt", EICAR]], { message: "see attached" }),
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe("upload_infected");
    expect(await traces(app.t, created.json().reference)).toEqual(before);
  });

  it("keeps an email but not its infected attachment, which it names", async () => {
    const res = await app.email([
      { filename: "receipt.pdf", content: PDF },
      { filename: "eicar.txt", content: EICAR },
    ]);
    expect(res.statusCode).toBe(201);
    const files = await queryRows<{ filename: string }>(
      app.t.db,
      sql`SELECT a.filename FROM attachments a JOIN cases c ON c.id = a.case_id
          WHERE c.reference = ${res.json().reference} ORDER BY a.filename`,
    );
    expect(files.map((f) => f.filename)).toEqual(["original-message.eml", "receipt.pdf"]);
    const [mail] = await queryRows<{ body: string }>(
      app.t.db,
      sql`SELECT k.body FROM correspondence k JOIN cases c ON c.id = k.case_id
          WHERE c.reference = ${res.json().reference} AND k.direction = 'inbound'`,
    );
    expect(mail!.body).toContain("[Not kept from this email:\n- eicar.txt: eicar.txt was refused: the virus");
  });
});

describe("a virus scanner that does not answer", () => {
  let app: Awaited<ReturnType<typeof appWith>>;
  beforeAll(async () => {
    app = await appWith(scanner("broken.mjs"));
  });
  afterAll(() => app.t.close());

  it("refuses uploads with 503 naming the setting, and stores and audits nothing", async () => {
    const c = await app.newCase();
    const before = await traces(app.t, c.reference);
    const res = await app.upload(c.reference, form([["notes.txt", TEXT]]));
    expect(res.statusCode).toBe(503);
    expect(res.json().code).toBe("upload_scan_unavailable");
    expect(res.json().detail).toContain("the virus scanner did not answer; try again later");
    expect(res.json().detail).toContain("REDRESS_UPLOAD_SCAN_COMMAND");
    expect(await traces(app.t, c.reference)).toEqual(before);
  });

  it("refuses an email with 503, writing nothing, so that the relay sends it again", async () => {
    const [before] = await queryRows<{ n: number }>(
      app.t.db,
      sql`SELECT count(*)::int AS n FROM inbound_messages`,
    );
    const res = await app.email([{ filename: "receipt.pdf", content: PDF }]);
    expect(res.statusCode).toBe(503);
    const [after] = await queryRows<{ n: number }>(
      app.t.db,
      sql`SELECT count(*)::int AS n FROM inbound_messages`,
    );
    expect(after).toEqual(before);
  });
});

describe("without REDRESS_UPLOAD_SCAN_COMMAND", () => {
  it("scans nothing: the EICAR text is stored like every text file", async () => {
    const app = await appWith(undefined);
    try {
      const c = await app.newCase();
      expect((await app.upload(c.reference, form([["eicar.txt", EICAR]]))).statusCode).toBe(201);
      expect((await traces(app.t, c.reference)).files).toBe(1);
    } finally {
      await app.t.close();
    }
  });
});

describe("runScanner", () => {
  it.each([
    ["clean bytes", "scan.mjs", TEXT, { verdict: "clean" }],
    [
      "the EICAR string",
      "scan.mjs",
      EICAR,
      { verdict: "infected", said: "stdin: Eicar-Test-Signature FOUND" },
    ],
    [
      "a scanner exiting 2",
      "broken.mjs",
      TEXT,
      { verdict: "unavailable", why: expect.stringContaining("exit code 2") },
    ],
  ] as const)("answers %s", async (_name, file, bytes, outcome) => {
    expect(await runScanner([process.execPath, join(dir, file)], bytes, 10_000)).toEqual(outcome);
  });

  it("gives up on a scanner that takes longer than the timeout", async () => {
    const started = Date.now();
    expect(await runScanner([process.execPath, join(dir, "slow.mjs")], TEXT, 300)).toEqual({
      verdict: "unavailable",
      why: "no answer within 300 ms",
    });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("reports a program that cannot be started as unavailable", async () => {
    expect(await runScanner([join(dir, "no-such-scanner")], TEXT, 10_000)).toEqual({
      verdict: "unavailable",
      why: expect.stringContaining("could not start"),
    });
  });
});

import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../src/server/db/client.js";
import { DEFAULT_POLICY } from "../../src/server/sla/sla.policy.js";
import { ROLES } from "../../src/shared/enums.js";
import { makeCase } from "../factories.js";
import { createTestApp, type TestApp, type TestUser } from "../harness.js";

const INBOUND_TOKEN = "regression-inbound-token-0123456789";

/** Each request here answered 500 (or a non-problem refusal) until fuzzing found it; now a clean 4xx. */
describe("faults found by fuzzing stay fixed", () => {
  let t: TestApp;
  let all: TestUser;
  let agent: TestUser;
  let reference: string;

  beforeAll(async () => {
    t = await createTestApp({ env: { REDRESS_INBOUND_TOKEN: INBOUND_TOKEN } });
    all = await t.user([...ROLES]);
    agent = await t.user(["agent"]);
    reference = (await makeCase(t, agent)).reference;
  });
  afterAll(() => t.close());

  const expectProblem = (
    res: { statusCode: number; headers: Record<string, unknown>; json(): unknown },
    status: number,
  ) => {
    expect(res.statusCode).toBe(status);
    expect(String(res.headers["content-type"])).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({
      status,
      type: expect.any(String),
      title: expect.any(String),
      detail: expect.any(String),
    });
  };

  it("refuses a NUL character in a path, also on routes whose owner check reads the path before anything else", async () => {
    expectProblem(
      await t.request({ method: "POST", url: "/api/v1/cases/%00/close", as: all, payload: {} }),
      400,
    );
    const owner = await t.request({
      method: "POST",
      url: "/api/v1/cases/%00/start-investigation",
      as: agent,
      payload: {},
    });
    expectProblem(owner, 400);
    expect(owner.json().code).toBe("unstorable_text");
  });

  it("refuses NUL and unpaired surrogates in JSON strings before they reach the database", async () => {
    for (const reason of ["a\u0000b", "\ud800"]) {
      const res = await t.request({
        method: "POST",
        url: `/api/v1/cases/${reference}/escalate`,
        as: all,
        payload: { reason },
      });
      expectProblem(res, 400);
      expect(res.json().errors).toEqual([{ field: "reason", message: expect.stringContaining("remove it") }]);
    }
    // A well-formed pair (an emoji) is text like any other.
    const ok = await t.request({
      method: "POST",
      url: `/api/v1/cases/${reference}/escalate`,
      as: all,
      payload: { reason: "angry 😠" },
    });
    expect(ok.statusCode).toBe(200);
  });

  it("answers a path that is not valid percent-encoding, or an over-long segment, as problem+json", async () => {
    expectProblem(await t.request({ method: "GET", url: "/api/v1/customers/%ZZ/export", as: all }), 400);
    // (A GET falls through to the web app's catch-all, a 404; a POST has no such fallback.)
    expectProblem(
      await t.request({
        method: "POST",
        url: `/api/v1/cases/${"a".repeat(400)}/close`,
        as: all,
        payload: {},
      }),
      414,
    );
  });

  it("refuses a policy whose spans cannot be counted in the calendar, and a due-soon share that underflows in SQL", async () => {
    const put = (payload: object) => t.request({ method: "PUT", url: "/api/v1/policy", as: all, payload });
    const tooLong = await put({ ...DEFAULT_POLICY, resolveBusinessDays: 10_000 });
    expectProblem(tooLong, 400);
    expect(tooLong.json().errors[0].field).toBe("resolveBusinessDays");
    expectProblem(await put({ ...DEFAULT_POLICY, dueSoonPercent: 1e-300 }), 400);
    expect(
      (await put({ ...DEFAULT_POLICY, acknowledge: { hours: 24, businessTime: true } })).statusCode,
    ).toBe(200);
    // With 24 business hours to acknowledge, a calendar open one minute a week would need 27 years.
    const minute = await t.request({
      method: "PUT",
      url: "/api/v1/calendar",
      as: all,
      payload: {
        timezone: "Europe/London",
        workingHours: {
          mon: ["09:00", "09:01"],
          tue: null,
          wed: null,
          thu: null,
          fri: null,
          sat: null,
          sun: null,
        },
        holidays: [],
      },
    });
    expectProblem(minute, 400);
    expect(minute.json().errors[0].field).toBe("workingHours");
    expect(
      (
        await t.request({
          method: "POST",
          url: "/api/v1/cases",
          as: agent,
          payload: {
            type: "complaint",
            channel: "phone",
            customer: { name: "A", email: "a@example.com" },
            summary: "s",
            description: "d",
          },
        })
      ).statusCode,
    ).toBe(201);
  });

  it("refuses a report month with a year before 1970 instead of failing on its half-year", async () => {
    expectProblem(
      await t.request({ method: "GET", url: "/api/v1/reports/monthly?month=0440-12", as: all }),
      400,
    );
  });

  it("refuses a history cursor beyond a stream's int4 sequence", async () => {
    expectProblem(
      await t.request({
        method: "GET",
        url: `/api/v1/cases/${reference}/history?cursor=2576895548263448`,
        as: all,
      }),
      400,
    );
  });

  it("refuses an unknown owner on procedures and review actions instead of breaking the foreign key", async () => {
    const ownerId = "00000010-c131-4758-bf9d-a46ec5bcb22c";
    const procedure = await t.request({
      method: "POST",
      url: "/api/v1/procedures",
      as: all,
      payload: {
        title: "Complaints",
        version: "1",
        effectiveDate: "2026-01-01",
        reviewDate: "2027-01-01",
        ownerId,
      },
    });
    expectProblem(procedure, 400);
    const review = await t.request({
      method: "POST",
      url: "/api/v1/reviews",
      as: all,
      payload: {
        period: "2026-02",
        heldOn: "2026-03-01",
        attendees: ["Ann"],
        findings: "ok",
        actions: [{ text: "Fix it", ownerId }],
      },
    });
    expectProblem(review, 400);
    expect(review.json().errors[0].field).toBe("actions.0.ownerId");
  });

  it("takes an email carrying NUL characters, dropping them, instead of failing the intake", async () => {
    const res = await t.request({
      method: "POST",
      url: "/api/v1/inbound/email",
      headers: { authorization: `Bearer ${INBOUND_TOKEN}`, "content-type": "message/rfc822" },
      payload:
        "From: Nul <nul@example.com>\r\nSubject: nul \u0000 here\r\nMessage-ID: <n\u0000ul@example.com>\r\n\r\nA NUL \u0000 in the text.\r\n",
    });
    expect(res.statusCode).toBe(201);
    // A Message-ID with a NUL in it cannot be a key: it is hashed, like one that is too long.
    expect(res.json().messageId).toMatch(/^<[0-9a-f]{64}@redress\.invalid>$/);
    const [row] = await queryRows<{ summary: string }>(
      t.db,
      sql`SELECT summary FROM cases WHERE reference = ${res.json().reference}`,
    );
    expect(row!.summary).toBe("nul  here");
  });

  it("refuses a NUL in a multipart text field, as it does in JSON", async () => {
    const { link } = (
      await t.request({
        method: "POST",
        url: "/api/v1/public/complaints",
        payload: { name: "Pat", email: "pat@example.com", summary: "Late", description: "Very late" },
      })
    ).json();
    const data = new FormData();
    data.append("message", "MZ\u0090\u0000");
    const page = await t.request({
      method: "POST",
      url: `/public/case/${link.split("/").at(-1)}/message`,
      payload: data,
    });
    expect([page.statusCode, String(page.headers["content-type"])]).toEqual([
      400,
      "text/html; charset=utf-8",
    ]);
  });

  it("shows the customer a page, not a 500, for a form post it cannot read, and encodes a strange token in the redirect", async () => {
    const xml = await t.request({
      method: "POST",
      url: "/public/complaint",
      headers: { "content-type": "application/xml" },
      payload: "<a/>",
    });
    expect([xml.statusCode, String(xml.headers["content-type"])]).toEqual([415, "text/html; charset=utf-8"]);
    const json = await t.request({
      method: "POST",
      url: "/public/case/none/confirm",
      payload: { comment: 5, confirmed: true },
    });
    expect(json.statusCode).toBe(404);
    const odd = await t.request({
      method: "POST",
      url: `/public/case/${encodeURIComponent("é漢")}/message`,
      payload: {},
    });
    expect(odd.statusCode).toBe(303);
    expect(odd.headers.location).toBe(`/public/case/${encodeURIComponent("é漢")}`);
  });
});

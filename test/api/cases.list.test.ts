import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CaseView } from "../../src/shared/cases.schema.js";
import { makeCase } from "../factories.js";
import { createTestApp, type TestApp, type TestUser } from "../harness.js";

describe("GET /api/v1/cases", () => {
  let t: TestApp;
  let agent: TestUser;
  let records: TestUser;
  const made: CaseView[] = [];

  const list = async (query: string, as: TestUser = agent) => {
    const res = await t.request({ method: "GET", url: `/api/v1/cases?${query}`, as });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { items: CaseView[]; nextCursor: string | null };
  };
  const refs = (page: { items: CaseView[] }) => page.items.map((c) => c.reference);

  beforeAll(async () => {
    t = await createTestApp();
    agent = await t.user(["agent"]);
    records = await t.user(["records"]);
    const specs = [
      {
        summary: "Refund never arrived",
        description: "Paid twice for one order",
        channel: "email",
        severity: "high",
        category: "billing",
      },
      {
        summary: "Courier was rude",
        description: "Driver shouted at me",
        channel: "phone",
        severity: "low",
        category: "delivery",
      },
      {
        summary: "Parcels delivered late",
        description: "Three deliveries late",
        channel: "web",
        severity: "medium",
        category: "delivery",
      },
      {
        summary: "Broken kettle",
        description: "It stopped heating after a week",
        channel: "letter",
        severity: "critical",
        category: "product",
      },
    ] as const;
    for (const [i, spec] of specs.entries()) {
      t.clock.set(`2026-03-0${i + 2}T10:00:00Z`);
      made.push(
        await makeCase(t, agent, {
          ...spec,
          customer: { name: `Zelda Quint${i}`, email: `zq${i}@example.com` },
        }),
      );
    }
    made.push(
      await makeCase(t, agent, {
        type: "incident",
        customer: null,
        summary: "Store flooded",
        description: "Water everywhere",
      }),
    );
    // Put the first case in progress and owned by the agent, and archive the second (as the lifecycle will).
    await t.db.execute(
      sql`UPDATE cases SET status = 'investigating', owner_id = ${agent.id} WHERE reference = ${made[0]!.reference}`,
    );
    await t.db.execute(sql`UPDATE cases SET status = 'archived' WHERE reference = ${made[1]!.reference}`);
  });
  afterAll(() => t.close());

  it("lists newest received first, hiding archived cases from those who may not see them", async () => {
    const page = await list("");
    expect(refs(page)).toEqual([made[4], made[3], made[2], made[0]].map((c) => c!.reference));
    expect(refs(await list("", records))).toContain(made[1]!.reference);
  });

  it("filters by seed status and by fine status", async () => {
    expect(refs(await list("status=in_progress"))).toEqual([made[0]!.reference]);
    expect(refs(await list("status=open")).length).toBe(3);
    expect(refs(await list("status=closed"))).toEqual([]);
    expect(refs(await list("status=closed", records))).toEqual([made[1]!.reference]);
    expect(refs(await list("status=new,investigating")).length).toBe(4);
  });

  it("filters by type, channel, severity, category, level and received range", async () => {
    expect(refs(await list("type=incident"))).toEqual([made[4]!.reference]);
    expect(refs(await list("channel=email&severity=high"))).toEqual([made[0]!.reference]);
    expect(refs(await list("category=Delivery"))).toEqual([made[2]!.reference]);
    expect(refs(await list("level=3"))).toEqual([made[3]!.reference]);
    expect(refs(await list("receivedFrom=2026-03-03T00:00:00Z&receivedTo=2026-03-04T23:59:59Z"))).toEqual([
      made[2]!.reference,
    ]);
  });

  it("treats an empty parameter as left out", async () => {
    expect(refs(await list("status=&q=&owner="))).toEqual(refs(await list("")));
  });

  it("filters by owner: a user, me, or none", async () => {
    expect(refs(await list(`owner=${agent.id}`))).toEqual([made[0]!.reference]);
    expect(refs(await list("owner=me"))).toEqual([made[0]!.reference]);
    expect(refs(await list("owner=none")).length).toBe(3);
  });

  it("searches words with English stemming, customer names and references", async () => {
    expect(refs(await list("q=refunds"))).toEqual([made[0]!.reference]);
    expect(refs(await list("q=deliveries"))).toEqual([made[2]!.reference]);
    expect(refs(await list("q=quint2"))).toEqual([made[2]!.reference]);
    expect(refs(await list(`q=${made[3]!.reference.toLowerCase()}`))).toEqual([made[3]!.reference]);
    expect(refs(await list("q=kettle heating"))).toEqual([made[3]!.reference]);
  });

  it("pages with a keyset cursor without repeating or skipping", async () => {
    const first = await list("limit=3");
    expect(first.items.length).toBe(3);
    const second = await list(`limit=3&cursor=${first.nextCursor}`);
    expect(second.items.length).toBe(1);
    expect(second.nextCursor).toBeNull();
    expect([...refs(first), ...refs(second)]).toEqual(refs(await list("limit=50")));
  });

  it("pages through several statuses (read a page per status, merged) in one order", async () => {
    const all = refs(await list("status=new,investigating"));
    const first = await list("limit=3&status=new,investigating");
    const second = await list(`limit=3&status=new,investigating&cursor=${first.nextCursor}`);
    expect(second.nextCursor).toBeNull();
    expect([...refs(first), ...refs(second)]).toEqual(all);
    expect(refs(second)).toEqual([made[0]!.reference]); // the one investigating is the oldest
  });

  it.each([
    ["status=wip", "query.status"],
    ["level=4", "query.level"],
    ["limit=0", "query.limit"],
    ["limit=lots", "query.limit"],
    ["limit=201", "query.limit"],
    ["owner=someone", "query.owner"],
    ["cursor=not-a-cursor", "query.cursor"],
    ["receivedFrom=tuesday", "query.receivedFrom"],
    ["colour=blue", "query.colour"],
  ])("refuses ?%s with 400 naming %s", async (query, field) => {
    const res = await t.request({ method: "GET", url: `/api/v1/cases?${query}`, as: agent });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it("returns 404 for an unknown or (to an agent) archived reference", async () => {
    for (const reference of ["CMP-2026-999999", made[1]!.reference]) {
      const res = await t.request({ method: "GET", url: `/api/v1/cases/${reference}`, as: agent });
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe("not_found");
    }
    expect(
      (await t.request({ method: "GET", url: `/api/v1/cases/${made[1]!.reference}`, as: records }))
        .statusCode,
    ).toBe(200);
  });

  it("finds similar open cases and the customer's earlier ones", async () => {
    const repeat = await makeCase(t, agent, {
      summary: "Parcel delivered very late",
      customer: { name: "Zelda Quint2", email: "ZQ2@example.com" },
    });
    const res = await t.request({
      method: "GET",
      url: `/api/v1/cases/${repeat.reference}/similar`,
      as: agent,
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.similar.map((c: { reference: string }) => c.reference)).toContain(made[2]!.reference);
    expect(body.customerCases.map((c: { reference: string }) => c.reference)).toEqual([made[2]!.reference]);
    const intake = await t.request({
      method: "GET",
      url: "/api/v1/cases/similar?summary=late%20parcels&email=zq2@EXAMPLE.com",
      as: agent,
    });
    expect(intake.json().customerCases.map((c: { reference: string }) => c.reference)).toEqual([
      repeat.reference,
      made[2]!.reference,
    ]);
    // Records staff see archived cases too: nothing hidden (an empty list once made the query fail).
    const unhidden = await t.request({
      method: "GET",
      url: `/api/v1/cases/${repeat.reference}/similar`,
      as: records,
    });
    expect(unhidden.statusCode).toBe(200);
    expect(unhidden.json().similar.map((c: { reference: string }) => c.reference)).toContain(
      made[2]!.reference,
    );
  });
});

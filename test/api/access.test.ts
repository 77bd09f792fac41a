import fc from "fast-check";
import Fastify from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ARCHIVE_READERS } from "../../src/server/cases/cases.policy.js";
import {
  type Access,
  describeAccess,
  type RouteAccess,
  requireAccessOnEveryRoute,
} from "../../src/server/http/access.js";
import { ROLES, type Role } from "../../src/shared/enums.js";
import { makeCase } from "../factories.js";
import { dataOf, fingerprinter } from "../fuzz/fingerprint.js";
import type { OpenApiDocument } from "../fuzz/requests.js";
import { arbitraryFor } from "../fuzz/schema-arbitrary.js";
import { createTestApp, type TestApp, type TestUser } from "../harness.js";
import { makeCrew, step } from "../lifecycle.js";
import { closeCase, PDF } from "../records.js";

function allowed(access: Access, role: Role | "anonymous"): boolean {
  if ("public" in access) return true;
  if (role === "anonymous") return false;
  return "signedIn" in access || access.roles.includes(role);
}

/**
 * R11: every route × every role, generated from the app's own route table, so a new route cannot
 * escape it. A role outside a route's policy gets 403 (anonymous: 401) and the handler never runs.
 */
describe("access matrix", () => {
  let t: TestApp;
  const users = new Map<Role, TestUser>();
  let reference = "";

  beforeAll(async () => {
    t = await createTestApp();
    for (const role of ROLES) users.set(role, await t.user([role]));
    reference = (await makeCase(t, users.get("agent")!)).reference;
  });
  afterAll(() => t.close());

  it("has an access policy on every route (the table is not empty)", () => {
    expect(t.app.routeTable.length).toBeGreaterThan(15);
    for (const route of t.app.routeTable) expect(route.access).toBeDefined();
  });

  it("refuses to start when a route has no access policy", async () => {
    const app = Fastify();
    requireAccessOnEveryRoute(app);
    expect(() => app.get("/api/v1/forgotten", async () => "oops")).toThrow(/has no access policy/);
  });

  it("answers every route for every role as its policy says", { timeout: 120_000 }, async () => {
    const failures: string[] = [];
    for (const route of t.app.routeTable) {
      const url = route.url
        .replace(":reference", reference)
        .replace(":id", "00000000-0000-4000-8000-000000000000");
      for (const role of [...ROLES, "anonymous"] as const) {
        const as = role === "anonymous" ? undefined : users.get(role);
        const hasBody = ["POST", "PUT", "PATCH"].includes(route.method);
        const res = await t.request({
          method: route.method as "GET",
          url,
          ...(as ? { as } : {}),
          ...(hasBody ? { payload: {} } : {}),
        });
        const expectOk = allowed(route.access, role);
        const denied = res.statusCode === 401 || res.statusCode === 403;
        if (route.url === "/api/v1/session" && route.method === "POST") continue; // sign-in answers 400/401 itself
        if (expectOk === denied) {
          failures.push(
            `${route.method} ${route.url} as ${role}: ${res.statusCode} (policy: ${describeAccess(route.access)})`,
          );
        }
        if (!expectOk) expect(res.statusCode).toBe(role === "anonymous" ? 401 : 403);
      }
    }
    expect(failures).toEqual([]);
  });

  it("lets an owner in the owner roles through routes that allow owners, and no one else of that role", async () => {
    const ownerRoutes = t.app.routeTable.filter((r) => "roles" in r.access && r.access.owner);
    expect(ownerRoutes.length).toBeGreaterThan(3);
    const owner = await t.user(["agent"]);
    const stranger = await t.user(["agent"]);
    const own = await makeCase(t, users.get("agent")!);
    await t.request({ method: "POST", url: `/api/v1/cases/${own.reference}/acknowledge`, as: owner });
    const assigned = await t.request({
      method: "POST",
      url: `/api/v1/cases/${own.reference}/assign`,
      as: users.get("manager")!,
      payload: { ownerId: owner.id },
    });
    expect(assigned.statusCode).toBe(200);
    for (const route of ownerRoutes) {
      const url = route.url
        .replace(":reference", own.reference)
        .replace(":id", "00000000-0000-4000-8000-000000000000");
      const hasBody = ["POST", "PUT", "PATCH"].includes(route.method);
      const asOwner = await t.request({
        method: route.method as "GET",
        url,
        as: owner,
        ...(hasBody ? { payload: {} } : {}),
      });
      const asStranger = await t.request({
        method: route.method as "GET",
        url,
        as: stranger,
        ...(hasBody ? { payload: {} } : {}),
      });
      expect([route.url, asOwner.statusCode === 403]).toEqual([route.url, false]);
      expect([route.url, asStranger.statusCode]).toEqual([route.url, 403]);
    }
  });
});

/** A file on a case's record, through the API; returns its id. */
async function attach(t: TestApp, as: TestUser, reference: string): Promise<string> {
  const data = new FormData();
  data.append("file", new Blob([PDF], { type: "application/pdf" }), `${reference}.pdf`);
  const res = await t.request({
    method: "POST",
    url: `/api/v1/cases/${reference}/attachments`,
    as,
    payload: data,
  });
  if (res.statusCode !== 201) throw new Error(`attach: ${res.statusCode} ${res.body}`);
  const body = res.json();
  return (body.items?.[0] ?? body[0] ?? body).id;
}

type Subject = "own" | "other" | "archived";

/**
 * R10/R11: every case route × every role × the caller's own case, someone else's, and an archived one —
 * generated from the route table, with a body generated from the route's OpenAPI schema so that a missing
 * check would lead to a real write. A refusal must change nothing in the database (fingerprint).
 */
describe("access matrix over cases: own, other, archived", () => {
  let t: TestApp;
  const users = new Map<Role, TestUser>();
  let owner: TestUser;
  const cases = {} as Record<Subject, { reference: string; attachmentId: string }>;
  let bodies: Map<string, unknown>;

  beforeAll(async () => {
    t = await createTestApp();
    for (const role of ROLES) users.set(role, await t.user([role]));
    owner = await t.user(["agent"], "Owner Agent");
    const crew = await makeCrew(t);
    const make = async (assignee: TestUser) => {
      const c = await makeCase(t, crew.agent);
      await step(t, crew.agent, c.reference, "acknowledge");
      await step(t, crew.manager, c.reference, "assign", { ownerId: assignee.id });
      return { reference: c.reference, attachmentId: await attach(t, crew.agent, c.reference) };
    };
    cases.own = await make(owner);
    cases.other = await make(crew.agent);
    const old = await makeCase(t, crew.agent, { summary: "Archived zebra complaint" });
    const archivedFile = await attach(t, crew.agent, old.reference);
    await closeCase(t, crew, old.reference);
    await step(t, users.get("records")!, old.reference, "archive", { reason: "file complete" });
    cases.archived = { reference: old.reference, attachmentId: archivedFile };
    // One valid body per route, from its schema (fixed seed: the same run every time).
    const doc = (await t.request({ method: "GET", url: "/api/v1/openapi.json" })).json() as OpenApiDocument;
    bodies = new Map(
      t.app.routeTable.map((r) => {
        const op = doc.paths[r.url.replace(/:(\w+)/g, "{$1}")]?.[r.method.toLowerCase()];
        const schema = op?.requestBody?.content["application/json"]?.schema;
        const body = schema
          ? fc.sample(arbitraryFor(schema, doc.components?.schemas ?? {}), { seed: 7, numRuns: 1 })[0]
          : {};
        return [`${r.method} ${r.url}`, body];
      }),
    );
  });
  afterAll(() => t.close());

  const caseRoutes = () => t.app.routeTable.filter((r) => r.url.startsWith("/api/v1/cases/:reference"));
  const policyLets = (route: RouteAccess, user: TestUser, subject: Subject) => {
    const a = route.access;
    if ("public" in a || "signedIn" in a) return true;
    if (user.roles.some((r) => a.roles.includes(r))) return true;
    return subject === "own" && user === owner && Boolean(a.owner?.some((r) => user.roles.includes(r)));
  };
  /** R10: legal holds are records management's, on archived records too; nothing else writes to one. */
  const writesToArchiveAllowed = (route: RouteAccess) => route.url.endsWith("/legal-hold");

  it("covers every case route (a new one joins by itself)", () => {
    expect(caseRoutes().length).toBeGreaterThan(25);
  });

  it("never lets a role read or write a case its policy or the archive rule forbids, and refusals write nothing", {
    timeout: 300_000,
  }, async () => {
    const prints = await fingerprinter(t.db);
    const failures: string[] = [];
    for (const route of caseRoutes()) {
      for (const subject of ["own", "other", "archived"] as const) {
        for (const user of [...users.values(), owner]) {
          const c = cases[subject];
          const url = route.url.replace(":reference", c.reference).replace(":id", c.attachmentId);
          const write = route.method !== "GET";
          const before = await prints.take();
          const res = await t.request({
            method: route.method as "GET",
            url,
            as: user,
            ...(write ? { payload: bodies.get(`${route.method} ${route.url}`) ?? {} } : {}),
          });
          const unchanged = dataOf(await prints.take()) === dataOf(before);
          const who = `${route.method} ${route.url} on ${subject} as ${user === owner ? "owner agent" : user.roles[0]}`;
          const ok = res.statusCode < 300;
          if (res.statusCode >= 500) failures.push(`${who}: ${res.statusCode}`);
          if (!policyLets(route, user, subject)) {
            if (res.statusCode !== 403) failures.push(`${who}: ${res.statusCode}, expected 403`);
          } else if (subject === "archived" && !user.roles.some((r) => ARCHIVE_READERS.includes(r))) {
            // As good as absent: the same answer as for a case that does not exist (a body refused before
            // the case is looked at is refused for both alike), never a hint that the record is there.
            const absent = await t.request({
              method: route.method as "GET",
              url: url.replace(c.reference, "CMP-1999-999999"),
              as: user,
              ...(write ? { payload: bodies.get(`${route.method} ${route.url}`) ?? {} } : {}),
            });
            if (ok || res.statusCode !== absent.statusCode) {
              failures.push(
                `${who}: ${res.statusCode}, but ${absent.statusCode} for a case that does not exist`,
              );
            }
          } else if (subject === "archived" && write && !writesToArchiveAllowed(route) && ok) {
            failures.push(`${who}: ${res.statusCode} wrote to an archived record`);
          } else if (res.statusCode === 401 || res.statusCode === 403) {
            failures.push(`${who}: ${res.statusCode}, but the policy allows it`);
          }
          if (!ok && !unchanged)
            failures.push(`${who}: refused with ${res.statusCode} but changed the database`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it("never serves one case's file through another case's reference", async () => {
    const reader = users.get("admin")!;
    const res = await t.request({
      method: "GET",
      url: `/api/v1/cases/${cases.own.reference}/attachments/${cases.other.attachmentId}`,
      as: reader,
    });
    expect(res.statusCode).toBe(404);
  });

  it("keeps archived cases out of search, similar cases and the complaint log for those who may not see them", async () => {
    for (const role of ROLES) {
      const as = users.get(role)!;
      const reader = ARCHIVE_READERS.includes(role);
      const search = await t.request({
        method: "GET",
        url: "/api/v1/cases?q=zebra&status=archived,closed",
        as,
      });
      const found = JSON.stringify(search.json()).includes(cases.archived.reference);
      const similar = await t.request({
        method: "GET",
        url: "/api/v1/cases/similar?summary=Archived%20zebra%20complaint",
        as,
      });
      const exported = await t.request({ method: "GET", url: "/api/v1/cases/export?format=csv", as });
      expect([role, found || !reader]).toEqual([role, true]);
      expect([role, found && !reader]).toEqual([role, false]);
      expect([role, similar.body.includes(cases.archived.reference) && !reader]).toEqual([role, false]);
      // The audit trail shows personal values: an archived case's are for archive readers only.
      const trail = await t.request({ method: "GET", url: "/api/v1/audit/events?limit=500", as });
      if (trail.statusCode === 200)
        expect([role, trail.body.includes("zebra") && !reader]).toEqual([role, false]);
      if (exported.statusCode === 200) {
        expect([role, exported.body.includes(cases.archived.reference)]).toEqual([role, reader]);
      } else expect([role, exported.statusCode]).toEqual([role, 403]);
    }
  });
});

import Fastify from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Access, describeAccess, requireAccessOnEveryRoute } from "../../src/server/http/access.js";
import { ROLES, type Role } from "../../src/shared/enums.js";
import { makeCase } from "../factories.js";
import { createTestApp, type TestApp, type TestUser } from "../harness.js";

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

import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/server/config.js";
import { queryRows } from "../../src/server/db/client.js";
import { createTestApp, type TestApp } from "../harness.js";
import { startOidcProvider, type TestAccount, type TestOidcProvider } from "../oidc-provider.js";

const CALLBACK = "http://localhost:3000/api/v1/session/oidc/callback";

function ssoEnv(op: TestOidcProvider, roles: string): Record<string, string> {
  return {
    REDRESS_OIDC_ISSUER: op.issuer,
    REDRESS_OIDC_CLIENT_ID: op.clientId,
    REDRESS_OIDC_CLIENT_SECRET: op.clientSecret,
    REDRESS_OIDC_NAME: "Acme Sign-In",
    REDRESS_OIDC_ROLES: roles,
  };
}

/** The browser's round trip: Redress → provider (signed in as `account`) → Redress's callback. */
async function ssoSignIn(t: TestApp, op: TestOidcProvider, account: TestAccount | undefined, returnTo = "/") {
  const start = await t.request({ method: "GET", url: `/api/v1/session/oidc/start?returnTo=${returnTo}` });
  expect(start.statusCode).toBe(302);
  const pending = start.cookies.find((cookie) => cookie.name === "redress_sso")!;
  expect(pending).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/api/v1/session/oidc" });
  op.signInAs(account);
  const back = await op.authorize(start.headers.location as string);
  const callback = await t.request({
    method: "GET",
    url: `${back.pathname}${back.search}`,
    cookies: { redress_sso: pending.value },
  });
  expect(callback.statusCode).toBe(302);
  const session = callback.cookies.find((cookie) => cookie.name === "redress_session" && cookie.value);
  return { location: callback.headers.location as string, session: session?.value };
}

const me = (t: TestApp, session: string) =>
  t.request({ method: "GET", url: "/api/v1/session", cookies: { redress_session: session } });

const actionsOf = (t: TestApp, userId: string) =>
  queryRows<{ action: string; source: string; changes: Record<string, unknown> }>(
    t.db,
    sql`SELECT action, source, changes FROM audit_events WHERE stream = ${`user:${userId}`} ORDER BY seq`,
  );

const userCount = async (t: TestApp) =>
  (await queryRows<{ n: number }>(t.db, sql`SELECT count(*)::int AS n FROM users`))[0]!.n;

describe("single sign-on with groups mapped to roles", () => {
  let op: TestOidcProvider;
  let t: TestApp;
  beforeAll(async () => {
    op = await startOidcProvider(CALLBACK);
    t = await createTestApp({ env: ssoEnv(op, "complaints=agent,complaints-leads=manager+senior") });
  });
  afterAll(async () => {
    await t.close();
    await op.close();
  });

  it("offers the provider on the sign-in page", async () => {
    const res = await t.request({ method: "GET", url: "/api/v1/session/providers" });
    expect(res.json()).toEqual({
      password: true,
      sso: { name: "Acme Sign-In", startUrl: "/api/v1/session/oidc/start" },
    });
  });

  it("creates the user on first sign-in with the roles of their groups, then follows the groups", async () => {
    const account = { sub: "u-100", email: "Ana@Example.com", email_verified: true, name: "Ana Sousa" };
    const first = await ssoSignIn(t, op, { ...account, groups: ["complaints", "staff"] }, "/cases/CMP-1");
    expect(first.location).toBe("/cases/CMP-1");
    const user = (await me(t, first.session!)).json().user;
    expect(user).toMatchObject({ email: "Ana@Example.com", name: "Ana Sousa", roles: ["agent"], sso: true });

    const promoted = await ssoSignIn(t, op, { ...account, groups: ["complaints", "complaints-leads"] });
    expect((await me(t, promoted.session!)).json().user).toMatchObject({
      id: user.id,
      roles: ["agent", "manager", "senior"],
    });
    const events = await actionsOf(t, user.id);
    expect(events.map((event) => [event.action, event.source])).toEqual([
      ["user.created", "sso"],
      ["user.signed_in", "sso"],
      ["user.updated", "sso"],
      ["user.signed_in", "sso"],
    ]);
    expect(events[2]!.changes.roles).toEqual({ old: ["agent"], new: ["agent", "manager", "senior"] });
  });

  it("finds the user by the provider's subject even when their email changed", async () => {
    const before = await ssoSignIn(t, op, { sub: "u-200", email: "bo@example.com", groups: ["complaints"] });
    const id = (await me(t, before.session!)).json().user.id;
    const after = await ssoSignIn(t, op, {
      sub: "u-200",
      email: "bo.new@example.com",
      groups: ["complaints"],
    });
    expect((await me(t, after.session!)).json().user.id).toBe(id);
  });

  it("refuses a person none of whose groups gives a role, and creates nobody", async () => {
    const users = await userCount(t);
    const res = await ssoSignIn(t, op, { sub: "u-300", email: "cy@example.com", groups: ["sales"] });
    expect(res.location).toBe("/sign-in?sso=sso_no_role&redirect=%2F");
    expect(res.session).toBeUndefined();
    expect(await userCount(t)).toBe(users);
  });

  it("refuses an email the provider marks unverified, and a deactivated account", async () => {
    const unverified = {
      sub: "u-400",
      email: "di@example.com",
      email_verified: false,
      groups: ["complaints"],
    };
    expect((await ssoSignIn(t, op, unverified)).location).toContain("sso=sso_email_unverified");

    const ok = await ssoSignIn(t, op, { sub: "u-500", email: "ed@example.com", groups: ["complaints"] });
    const id = (await me(t, ok.session!)).json().user.id;
    const admin = await t.user(["admin"]);
    await t.request({ method: "PATCH", url: `/api/v1/users/${id}`, as: admin, payload: { active: false } });
    const refused = await ssoSignIn(t, op, { sub: "u-500", email: "ed@example.com", groups: ["complaints"] });
    expect(refused.location).toContain("sso=sso_inactive");
    expect(refused.session).toBeUndefined();
  });

  it("gives an SSO-created user no password: password sign-in fails as for a wrong one", async () => {
    await ssoSignIn(t, op, { sub: "u-600", email: "fa@example.com", groups: ["complaints"] });
    const res = await t.request({
      method: "POST",
      url: "/api/v1/session",
      payload: { email: "fa@example.com", password: "!sso-only" },
    });
    expect(res.statusCode).toBe(401);
  });

  it("sends the person back to sign in when they decline at the provider", async () => {
    const res = await ssoSignIn(t, op, undefined, "/dashboard");
    expect(res.location).toBe("/sign-in?sso=sso_failed&redirect=%2Fdashboard");
    expect(res.session).toBeUndefined();
  });

  it("refuses a callback whose state is not the one it sent, or that comes without its cookie", async () => {
    const start = await t.request({ method: "GET", url: "/api/v1/session/oidc/start" });
    const pending = start.cookies.find((cookie) => cookie.name === "redress_sso")!.value;
    op.signInAs({ sub: "u-700", email: "gu@example.com", groups: ["complaints"] });
    const back = await op.authorize(start.headers.location as string);
    const forged = new URLSearchParams(back.search);
    forged.set("state", "forged-state");
    const wrongState = await t.request({
      method: "GET",
      url: `${back.pathname}?${forged}`,
      cookies: { redress_sso: pending },
    });
    expect(wrongState.headers.location).toContain("sso=sso_failed");
    const noCookie = await t.request({ method: "GET", url: `${back.pathname}${back.search}` });
    expect(noCookie.headers.location).toContain("sso=sso_expired");
    expect(wrongState.cookies.some((cookie) => cookie.name === "redress_session" && cookie.value)).toBe(
      false,
    );
  });

  it("returns only to a path of this site", async () => {
    for (const evil of ["//evil.example/x", "https://evil.example/", "/\\evil.example"]) {
      const res = await ssoSignIn(
        t,
        op,
        { sub: "u-800", email: "ha@example.com", groups: ["complaints"] },
        evil,
      );
      expect(res.location).toBe("/");
    }
  });
});

describe("single sign-on with roles kept in Redress", () => {
  let op: TestOidcProvider;
  let t: TestApp;
  beforeAll(async () => {
    op = await startOidcProvider(CALLBACK);
    t = await createTestApp({ env: ssoEnv(op, "") });
  });
  afterAll(async () => {
    await t.close();
    await op.close();
  });

  it("signs in an existing user by email, links the identity and keeps their roles", async () => {
    const quality = await t.user(["quality"]);
    const res = await ssoSignIn(t, op, { sub: "q-1", email: quality.email.toUpperCase(), groups: ["x"] });
    expect((await me(t, res.session!)).json().user).toMatchObject({
      id: quality.id,
      roles: ["quality"],
      sso: true,
    });
    const events = await actionsOf(t, quality.id);
    expect(events.at(-2)).toMatchObject({
      action: "user.updated",
      changes: { ssoSubject: { new: `${op.issuer}|q-1` } },
    });
    // Another identity with the same email does not take the account over.
    const other = await ssoSignIn(t, op, { sub: "q-2", email: quality.email });
    expect(other.location).toContain("sso=sso_conflict");
  });

  it("refuses someone without an account, creating nobody", async () => {
    const users = await userCount(t);
    const res = await ssoSignIn(t, op, { sub: "n-1", email: "new@example.com" });
    expect(res.location).toContain("sso=sso_no_account");
    expect(await userCount(t)).toBe(users);
  });
});

describe("single sign-on set-up", () => {
  const base = { REDRESS_OIDC_CLIENT_ID: "redress", REDRESS_OIDC_CLIENT_SECRET: "s3cret" };
  const settingAt = (env: Record<string, string>): [string, string] | undefined => {
    try {
      loadConfig({ REDRESS_OIDC_ISSUER: "https://id.example.com", ...base, ...env });
      return undefined;
    } catch (error) {
      if (error instanceof ConfigError) return [error.setting, error.message];
      throw error;
    }
  };

  it("names the setting that is wrong and what to give instead", () => {
    expect(settingAt({ REDRESS_OIDC_ROLES: "leads=manager+boss" })).toEqual([
      "REDRESS_OIDC_ROLES",
      expect.stringContaining("roles are agent, manager"),
    ]);
    expect(settingAt({ REDRESS_OIDC_ROLES: "=agent" })?.[0]).toBe("REDRESS_OIDC_ROLES");
    expect(settingAt({ REDRESS_OIDC_ISSUER: "http://id.example.com" })).toEqual([
      "REDRESS_OIDC_ISSUER",
      expect.stringContaining("must start with https:"),
    ]);
    expect(settingAt({ REDRESS_OIDC_CLIENT_SECRET: "" })?.[0]).toBe("REDRESS_OIDC_CLIENT_SECRET");
    expect(settingAt({ REDRESS_OIDC_SCOPES: "email profile" })?.[0]).toBe("REDRESS_OIDC_SCOPES");
    expect(settingAt({ REDRESS_OIDC_ROLES: "a=agent, b = manager+senior,a=quality" })).toBeUndefined();
    const roles = loadConfig({
      REDRESS_OIDC_ISSUER: "https://id.example.com",
      ...base,
      REDRESS_OIDC_ROLES: "a=agent,a=quality",
    }).oidc?.roleMap;
    expect(roles?.get("a")).toEqual(["agent", "quality"]);
  });

  it("answers 404 with what to set when it is not configured, and offers password only", async () => {
    const t = await createTestApp();
    try {
      const start = await t.request({ method: "GET", url: "/api/v1/session/oidc/start" });
      expect(start.statusCode).toBe(404);
      expect(start.json()).toMatchObject({ code: "sso_not_configured" });
      expect(start.json().detail).toContain("REDRESS_OIDC_ISSUER");
      expect((await t.request({ method: "GET", url: "/api/v1/session/providers" })).json().sso).toBeNull();
    } finally {
      await t.close();
    }
  });

  it("sends the browser back to sign in when the provider does not answer", async () => {
    const op = await startOidcProvider(CALLBACK);
    await op.close();
    const t = await createTestApp({ env: ssoEnv(op, "g=agent") });
    try {
      const start = await t.request({ method: "GET", url: "/api/v1/session/oidc/start?returnTo=/x" });
      expect(start.headers.location).toBe("/sign-in?sso=sso_unavailable&redirect=%2Fx");
    } finally {
      await t.close();
    }
  });
});

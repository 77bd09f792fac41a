import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ADMIN,
  adminApi,
  type Browser,
  type E2eServer,
  e2eEnabled,
  launchBrowser,
  newContext,
  screenshot,
  seriousA11yViolations,
  signIn,
  startServer,
} from "./harness.js";
import {
  addProcedureAndFeedback,
  downloadReport,
  drawAndCheckSample,
  importClosedCases,
  recordReviews,
} from "./quality.steps.js";

describe.runIf(e2eEnabled())("signing in, roles and sessions in the browser", () => {
  let server: E2eServer;
  let browser: Browser;
  let agent: { email: string; password: string };
  let quality: { email: string; password: string };

  beforeAll(async () => {
    // No scheduler here: it would archive the cases imported as closed in January 2025 within its first
    // minute (policy: 30 days after closure), and the month-end below checks them as a quality manager,
    // who may not open archived cases. This file is about who sees what, not about archiving.
    [server, browser] = await Promise.all([
      startServer({ env: { REDRESS_SCHEDULER: "off" } }),
      launchBrowser(),
    ]);
    const admin = await adminApi(server.base);
    agent = await admin.createUser("Avery Agent", ["agent"]);
    quality = await admin.createUser("Quinn Quality", ["quality"]);
    await importClosedCases(admin);
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("sends a visitor to the sign-in page, refuses a wrong password, and signs the admin in", async () => {
    const context = await newContext(browser, server.base);
    const page = await context.newPage();
    await page.goto("/cases");
    await expect.poll(() => new URL(page.url()).pathname).toBe("/sign-in");
    await screenshot(page, "sign-in");

    await page.getByLabel("Email").fill(ADMIN.email);
    await page.getByLabel("Password", { exact: true }).fill("not the password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => page.getByRole("alert").textContent()).toContain("do not match");

    await page.getByLabel("Password", { exact: true }).fill(ADMIN.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    // Back where the visitor was going.
    await page.getByRole("heading", { name: "Cases" }).waitFor();
    expect(new URL(page.url()).pathname).toBe("/cases");
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect
      .poll(() => nav.getByRole("link").allTextContents())
      .toEqual([
        "Cases",
        "New case",
        "Dashboard",
        "CAPA",
        "Quality",
        "Procedures",
        "Audit trail",
        "Records",
        "Administration",
      ]);

    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("button", { name: "Sign in" }).waitFor();
    await page.goto("/cases");
    await expect.poll(() => new URL(page.url()).pathname).toBe("/sign-in");
    await context.close();
  });

  it("shows an agent no admin links, and refuses the admin screens when typed in", async () => {
    const context = await newContext(browser, server.base);
    const page = await context.newPage();
    await signIn(page, agent.email, agent.password);
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect
      .poll(() => nav.getByRole("link").allTextContents())
      .toEqual(["Cases", "New case", "Procedures"]);

    for (const path of ["/admin/users", "/admin/calendar", "/dashboard", "/quality/samples"]) {
      await page.goto(path);
      await page.getByRole("heading", { name: "Not available to you" }).waitFor();
    }
    await screenshot(page, "agent-forbidden");

    // Agents read CAPAs (what was done about their complaints) but do not change them.
    await page.goto("/capas");
    await page.getByRole("heading", { name: "Corrective and preventive actions" }).waitFor();
    expect(await page.getByRole("button", { name: "Raise CAPA" }).count()).toBe(0);
    await context.close();
  });

  it("takes a user whose session ended back to sign-in with a message, then back to the page", async () => {
    const context = await newContext(browser, server.base);
    const page = await context.newPage();
    await signIn(page, agent.email, agent.password);
    await page.goto("/cases?due=breached");
    await page.getByRole("heading", { name: "Cases" }).waitFor();

    // The session ends on the server (as when it expires or an admin disables the user).
    await page.evaluate(() => fetch("/api/v1/session", { method: "DELETE" }));
    await page.getByText("No cases match").waitFor();
    await page.getByRole("link", { name: "My cases" }).click();
    await page.getByText("Your session has ended").waitFor();
    expect(new URL(page.url()).pathname).toBe("/sign-in");

    await page.getByLabel("Email").fill(agent.email);
    await page.getByLabel("Password", { exact: true }).fill(agent.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Cases" }).waitFor();
    expect(new URL(page.url()).searchParams.get("owner")).toBe("me");
    await context.close();
  });

  it("lets an admin add a user in the UI, and shows every admin screen without serious a11y violations", async () => {
    const context = await newContext(browser, server.base);
    const page = await context.newPage();
    await signIn(page, ADMIN.email, ADMIN.password);
    await page.getByRole("link", { name: "Administration" }).click();
    await page.getByRole("heading", { name: "Add a user" }).waitFor();
    const form = page.getByRole("region", { name: "Add a user" });
    await form.getByLabel("Name").fill("Mina Manager");
    await form.getByLabel("Email").fill("mina@example.com");
    await form.getByLabel("Initial password").fill("a good long password");
    await form.getByRole("checkbox", { name: "Manager", exact: true }).check();
    await form.getByRole("button", { name: "Add the user" }).click();
    await page.getByText("mina@example.com").waitFor();
    await screenshot(page, "admin-users");

    const found: Record<string, string[]> = {};
    for (const [section, path] of [
      ["Users and roles", "/admin/users"],
      ["API tokens", "/admin/tokens"],
      ["Calendar", "/admin/calendar"],
      ["Policy", "/admin/policy"],
      ["Email templates", "/admin/templates"],
      ["Outbox", "/admin/outbox"],
    ] as const) {
      await page
        .getByRole("navigation", { name: "Administration sections" })
        .getByRole("link", { name: section })
        .click();
      await page.waitForURL(`**${path}`);
      await page
        .getByRole("alert")
        .waitFor({ state: "detached" })
        .catch(() => undefined);
      found[path] = await seriousA11yViolations(page);
      await screenshot(page, `admin-${path.split("/").pop()}`);
    }
    await page.getByRole("link", { name: "Dashboard" }).click();
    await page.getByRole("region", { name: "Cases received per week" }).waitFor();
    found["/dashboard"] = await seriousA11yViolations(page);
    await screenshot(page, "dashboard-empty");
    expect(Object.entries(found).filter(([, v]) => v.length > 0)).toEqual([]);

    const mina = await newContext(browser, server.base);
    const minaPage = await mina.newPage();
    await signIn(minaPage, "mina@example.com", "a good long password");
    await expect
      .poll(() => minaPage.getByRole("navigation", { name: "Main" }).getByRole("link").allTextContents())
      .toEqual(["Cases", "New case", "Dashboard", "CAPA", "Quality", "Procedures"]);
    await Promise.all([context.close(), mina.close()]);
  }, 60_000);

  it("lets a quality manager run the month end: sample, reviews, report, procedures, staff feedback", async () => {
    const context = await newContext(browser, server.base);
    const page = await context.newPage();
    await signIn(page, quality.email, quality.password);
    await expect
      .poll(() => page.getByRole("navigation", { name: "Main" }).getByRole("link").allTextContents())
      .toEqual(["Cases", "New case", "Dashboard", "CAPA", "Quality", "Procedures", "Audit trail"]);
    const found: Record<string, string[]> = {};
    await drawAndCheckSample(page, found);
    await page.goto("/quality/samples");
    await page.getByRole("link", { name: "January 2025" }).waitFor();
    found["/quality/samples"] = await seriousA11yViolations(page);
    await screenshot(page, "quality-samples");
    await downloadReport(page, found);
    await recordReviews(page, found);
    await addProcedureAndFeedback(page, found);
    expect(Object.entries(found).filter(([, v]) => v.length > 0)).toEqual([]);
    await context.close();
  }, 120_000);

  it("serves the app for its own paths but keeps server paths as API 404s", async () => {
    const app = await fetch(`${server.base}/cases/CMP-2026-000001`);
    expect(app.status).toBe(200);
    expect(await app.text()).toContain('<div id="root">');
    // Never a 304 for the page: a 304's headers would replace the cached page's CSP.
    expect(app.headers.get("etag")).toBeNull();
    expect(app.headers.get("content-security-policy")).toContain("script-src 'self'");
    const script = (await (await fetch(`${server.base}/`)).text()).match(/\/assets\/[\w.-]+\.js/)![0];
    const asset = await fetch(`${server.base}${script}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get("cache-control")).toContain("immutable");
    const api = await fetch(`${server.base}/api/v1/nothing-here`);
    expect(api.status).toBe(404);
    expect(api.headers.get("content-type")).toContain("application/problem+json");
    expect((await fetch(`${server.base}/assets/missing-file.js`)).status).toBe(404);
    expect((await fetch(`${server.base}/public/complaint`)).headers.get("content-type")).toContain(
      "text/html",
    );
  });
});

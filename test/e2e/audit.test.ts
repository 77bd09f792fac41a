import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
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

/** R2 / ISO 10002 8.5: an auditor reads, filters, verifies and exports the audit trail in the browser. */
describe.runIf(e2eEnabled())("the audit trail for auditors", () => {
  let server: E2eServer;
  let browser: Browser;
  let auditor: { email: string; password: string };

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    auditor = await (await adminApi(server.base)).createUser("Audrey Auditor", ["auditor"]);
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("shows the trail, filters it by kind of action, verifies it and offers the CSV", async () => {
    const context = await newContext(browser, server.base);
    const page = await context.newPage();
    await signIn(page, auditor.email, auditor.password);
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect
      .poll(() => nav.getByRole("link").allTextContents())
      .toEqual(["Cases", "Quality", "Procedures", "Audit trail"]);
    await nav.getByRole("link", { name: "Audit trail" }).click();
    await page.getByRole("heading", { name: "Audit trail" }).waitFor();
    await page.getByRole("cell", { name: "user.created" }).first().waitFor();

    await page.getByLabel("Action").fill("settings.*");
    await page.getByRole("button", { name: "Show" }).click();
    await expect.poll(() => page.getByRole("cell", { name: "user.created" }).count()).toBe(0);

    await page.getByRole("button", { name: "Verify the trail" }).click();
    await page.getByText("The audit trail is intact").waitFor();
    const href = await page.getByRole("link", { name: "Export CSV" }).getAttribute("href");
    expect(href).toBe("/api/v1/audit/events/export?action=settings.*");
    const csv = await context.request.get(`${server.base}${href}`);
    expect(csv.status()).toBe(200);
    expect(await csv.text()).toContain("id,at,stream,seq,action");
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, "audit-trail");
    await context.close();
  }, 60_000);

  it("keeps the page from those who do not audit", async () => {
    const context = await newContext(browser, server.base);
    const page = await context.newPage();
    const agent = await (await adminApi(server.base)).createUser("Avery Agent", ["agent"]);
    await signIn(page, agent.email, agent.password);
    await page.goto("/audit");
    await page.getByRole("heading", { name: "Not available to you" }).waitFor();
    await context.close();
  }, 60_000);
});

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

/**
 * R2 / ISO 10002 8.5: an auditor reads, filters, verifies and exports the audit trail in the browser;
 * R10: records management holds cases and reads the registers.
 */
describe.runIf(e2eEnabled())("the audit trail and the records registers", () => {
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
      .toEqual(["Cases", "Quality", "Procedures", "Audit trail", "Records"]);
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

  it("lets records management place and release a legal hold, and shows every register", async () => {
    const admin = await adminApi(server.base);
    const records = await admin.createUser("Rita Records", ["records"]);
    const created = await admin.call("POST", "/cases", {
      type: "complaint",
      channel: "phone",
      customer: { name: "Hal Holden", email: "hal.holden@example.com" },
      summary: "Claim filed over a wrongly closed account",
      description: "The customer's solicitor has written; keep everything.",
    });
    expect(created.status).toBe(201);
    const reference = created.body.reference as string;
    const context = await newContext(browser, server.base);
    const page = await context.newPage();
    await signIn(page, records.email, records.password);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Records" }).click();
    await page.getByRole("heading", { name: "Records" }).waitFor();
    await page.getByText("No case is under legal hold.").waitFor();
    const found: Record<string, string[]> = { "/records/holds": await seriousA11yViolations(page) };

    // A reference that does not exist is refused in the dialog, which stays open with what was typed.
    await page.getByRole("button", { name: "Place a legal hold" }).click();
    const dialog = page.getByRole("dialog", { name: "Place a legal hold" });
    await dialog.getByRole("button", { name: "Place a legal hold" }).click();
    await dialog.getByText("Enter the reference of the case to hold").waitFor();
    await dialog.getByLabel("Case").fill("CMP-2099-999999");
    await dialog.getByLabel("Reason").fill("Solicitor's letter of 7 December");
    await dialog.getByRole("button", { name: "Place a legal hold" }).click();
    await dialog.getByRole("alert").filter({ hasText: "CMP-2099-999999" }).waitFor();
    await dialog.getByLabel("Case").fill(reference.toLowerCase());
    await dialog.getByRole("button", { name: "Place a legal hold" }).click();
    await dialog.waitFor({ state: "detached" });
    const row = page.getByRole("row").filter({ hasText: reference });
    await row.getByText("Solicitor's letter of 7 December").waitFor();
    await expect.poll(() => row.textContent()).toContain("Rita Records");
    await screenshot(page, "records-legal-holds");
    // The case page says so too.
    await row.getByRole("link", { name: reference }).click();
    await page.getByText("Legal hold", { exact: true }).waitFor();
    await page.goBack();

    await row.getByRole("button", { name: `Release ${reference}` }).click();
    const release = page.getByRole("dialog", { name: `Release the legal hold on ${reference}` });
    await release.getByLabel("Why it can be released (optional)").fill("Claim settled");
    await release.getByRole("button", { name: "Release" }).click();
    await page.getByText("No case is under legal hold.").waitFor();
    await page.locator("label").filter({ hasText: "All, with released" }).click();
    await page.getByRole("row").filter({ hasText: "Claim settled" }).waitFor();

    const registers = [
      ["Disposal queue", "/records/disposals", "Nothing waits for disposal."],
      ["Archive register", "/records/archive", "No case has been archived yet."],
      ["Disposal register", "/records/disposed", "Nothing has been disposed of yet."],
    ] as const;
    for (const [link, path, empty] of registers) {
      await page
        .getByRole("navigation", { name: "Records sections" })
        .getByRole("link", { name: link })
        .click();
      await page.getByText(empty).waitFor();
      found[path] = await seriousA11yViolations(page);
    }
    expect(Object.entries(found).filter(([, v]) => v.length > 0)).toEqual([]);
    // The hold and its release are on the case's own history, with who and why.
    const history = await admin.call("GET", `/cases/${reference}/history`);
    expect(history.body.items.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(["case.legal_hold_placed", "case.legal_hold_released"]),
    );
    await context.close();
  }, 90_000);

  it("lets auditors read the records registers but not place a hold", async () => {
    const context = await newContext(browser, server.base);
    const page = await context.newPage();
    await signIn(page, auditor.email, auditor.password);
    await page.goto("/records");
    await page.getByRole("heading", { name: "Records" }).waitFor();
    await page.getByText("No case is under legal hold.").waitFor();
    await expect.poll(() => page.getByRole("button", { name: "Place a legal hold" }).count()).toBe(0);
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

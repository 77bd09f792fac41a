import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOidcProvider, type TestOidcProvider } from "../oidc-provider.js";
import {
  type Browser,
  type E2eServer,
  e2eEnabled,
  freePort,
  launchBrowser,
  newContext,
  screenshot,
  startServer,
} from "./harness.js";

describe.runIf(e2eEnabled())("single sign-on in the browser", () => {
  let provider: TestOidcProvider;
  let server: E2eServer;
  let browser: Browser;

  beforeAll(async () => {
    const port = await freePort();
    provider = await startOidcProvider(`http://localhost:${port}/api/v1/session/oidc/callback`);
    [server, browser] = await Promise.all([
      startServer({
        port,
        env: {
          REDRESS_OIDC_ISSUER: provider.issuer,
          REDRESS_OIDC_CLIENT_ID: provider.clientId,
          REDRESS_OIDC_CLIENT_SECRET: provider.clientSecret,
          REDRESS_OIDC_NAME: "Acme sign-in",
          REDRESS_OIDC_ROLES: "complaints=agent",
        },
      }),
      launchBrowser(),
    ]);
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await provider?.close();
  });

  it("signs a new colleague in through the provider and back to the page they asked for", async () => {
    const context = await newContext(browser, server.base);
    const page = await context.newPage();
    provider.signInAs({ sub: "e2e-1", email: "sam@example.com", name: "Sam Singh", groups: ["complaints"] });
    await page.goto("/cases/new");
    await page.waitForURL(/\/sign-in/);
    await screenshot(page, "sso-sign-in", { fullPage: false });
    await page.getByRole("link", { name: "Sign in with Acme sign-in" }).click();
    await page.getByRole("button", { name: "Sign out" }).waitFor();
    expect(new URL(page.url()).pathname).toBe("/cases/new");
    await expect(page.getByText("Sam Singh").first().isVisible()).resolves.toBe(true);
    await context.close();
  });

  it("explains on the sign-in page why the provider's person was refused", async () => {
    const context = await newContext(browser, server.base);
    const page = await context.newPage();
    provider.signInAs({ sub: "e2e-2", email: "lee@example.com", groups: ["sales"] });
    await page.goto("/sign-in");
    await page.getByRole("link", { name: "Sign in with Acme sign-in" }).click();
    await page.waitForURL(/sso=sso_no_role/);
    await expect(page.getByRole("alert").textContent()).resolves.toContain("give you no role in Redress");
    await context.close();
  });
});

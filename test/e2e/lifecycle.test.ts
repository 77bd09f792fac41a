import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  adminApi,
  type Browser,
  type E2eServer,
  e2eEnabled,
  launchBrowser,
  newContext,
  type Page,
  screenshot,
  seriousA11yViolations,
  signIn,
  startServer,
} from "./harness.js";

/** Takes one lifecycle step through its button and dialog, as a person would. */
async function takeStep(
  page: Page,
  action: string,
  fill?: (dialog: ReturnType<Page["getByRole"]>) => Promise<void>,
) {
  await page
    .getByRole("region", { name: "Actions" })
    .getByRole("button", { name: action, exact: true })
    .click();
  const dialog = page.getByRole("dialog", { name: action });
  await dialog.waitFor();
  await fill?.(dialog);
  await dialog.getByRole("button", { name: action, exact: true }).click();
  await dialog.waitFor({ state: "detached" });
}

const statusOf = (page: Page) => page.getByRole("definition").first().textContent();

async function allowedActions(page: Page): Promise<string[]> {
  return page.getByRole("region", { name: "Actions" }).getByRole("button").allTextContents();
}

/** Horizontal scrolling on a phone means something does not fit. */
async function fitsWidth(page: Page): Promise<boolean> {
  return page.evaluate<boolean>("document.documentElement.scrollWidth <= window.innerWidth + 1");
}

describe.runIf(e2eEnabled())("a phone complaint from intake to closed, in the browser", () => {
  let server: E2eServer;
  let browser: Browser;
  const people = {} as Record<"agent" | "owner" | "manager", { email: string; password: string }>;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    const admin = await adminApi(server.base);
    people.agent = await admin.createUser("Avery Agent", ["agent"]);
    people.owner = await admin.createUser("Olive Owner", ["agent"]);
    people.manager = await admin.createUser("Morgan Manager", ["manager"]);
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("runs the whole procedure through the UI: log, acknowledge, assign, investigate, resolve, verify, confirm, close", async () => {
    const agentContext = await newContext(browser, server.base);
    const agent = await agentContext.newPage();
    await signIn(agent, people.agent.email, people.agent.password);

    // Intake by keyboard: the name field has focus, Tab moves on, Ctrl+Enter saves.
    await agent.getByRole("link", { name: "New case" }).first().click();
    await agent.getByRole("heading", { name: "New case" }).waitFor();
    await expect
      .poll(() => agent.evaluate<string>("document.activeElement.labels[0].textContent"))
      .toBe("Name");
    await agent.keyboard.type("Jane Doe");
    await agent.keyboard.press("Tab");
    await agent.keyboard.type("020 7946 0000");
    await agent.keyboard.press("Tab");
    await agent.keyboard.type("jane@example");
    await agent.keyboard.press("Tab");
    await agent.keyboard.type("Parcel arrived late and damaged");
    await agent.keyboard.press("Tab");
    await agent.keyboard.type("Ordered on 1 March; it came on 10 March and the box was crushed.");
    await agent.keyboard.press("Control+Enter");
    // The API's field error shows next to the field.
    const emailError = agent.getByText("must be an email address");
    await emailError.waitFor();
    await screenshot(agent, "new-case-error");
    await agent.getByLabel("Email").fill("jane@example.com");
    await agent.keyboard.press("Control+Enter");
    await agent.waitForURL(/\/cases\/CMP-\d{4}-\d{6}$/);
    const reference = agent.url().split("/").pop()!;
    await agent.getByRole("heading", { name: "Parcel arrived late and damaged" }).waitFor();
    expect(await statusOf(agent)).toBe("New");
    expect(await allowedActions(agent)).not.toContain("Close");

    await takeStep(agent, "Acknowledge", (d) =>
      d.getByLabel("Note (optional)").fill("Told her on the phone"),
    );
    await expect.poll(() => statusOf(agent)).toBe("Acknowledged");
    await screenshot(agent, "case-acknowledged");

    // The acknowledgment email carries the customer's link; staff see it on the timeline.
    const link = (await agent
      .getByText(/\/public\/case\//)
      .first()
      .textContent())!.match(/https?:\/\/\S+\/public\/case\/[\w-]+/)![0];

    const managerContext = await newContext(browser, server.base);
    const manager = await managerContext.newPage();
    await signIn(manager, people.manager.email, people.manager.password);
    await manager.goto(`/cases/${reference}`);
    await takeStep(manager, "Assign", async (d) => {
      await d.getByLabel("New owner").click();
      await manager.getByRole("option", { name: /Olive Owner/ }).click();
    });
    await expect.poll(() => statusOf(manager)).toBe("Assigned");

    const ownerContext = await newContext(browser, server.base);
    const owner = await ownerContext.newPage();
    await signIn(owner, people.owner.email, people.owner.password);
    await owner.getByRole("link", { name: "My cases" }).click();
    await owner.getByRole("link", { name: reference }).click();
    await takeStep(owner, "Start investigation");
    await expect.poll(() => statusOf(owner)).toBe("Investigating");

    // The owner assesses it: severity is shown in the header from then on.
    await owner.getByRole("button", { name: "Assess", exact: true }).click();
    const assess = owner.getByRole("dialog", { name: "Assess the case" });
    await assess.getByLabel("Severity").selectOption("medium");
    await assess.getByLabel("Reason").fill("One parcel, refund likely");
    await assess.getByRole("button", { name: "Save the assessment" }).click();
    await assess.waitFor({ state: "detached" });
    await owner.getByRole("definition").filter({ hasText: "Medium" }).waitFor();

    await owner.getByRole("tab", { name: "Investigation" }).click();
    await owner.getByLabel("Findings").fill("The courier left the parcel in the rain for a week.");
    await owner
      .getByLabel("Root cause", { exact: true })
      .fill("Courier did not follow the delivery procedure.");
    await owner.getByRole("button", { name: "Save the investigation" }).click();
    await owner.getByText("Saved").first().waitFor();
    await owner.getByLabel("What needs doing").fill("Refund the delivery charge");
    await owner.getByRole("button", { name: "Add", exact: true }).click();
    await owner.getByRole("button", { name: "Mark done" }).click();
    await owner.getByText("Done", { exact: true }).waitFor();
    await screenshot(owner, "case-investigation");

    // A file on the case: attached, listed, downloaded with the same bytes.
    await owner.getByRole("tab", { name: "Attachments" }).click();
    await owner.locator('input[type="file"]').setInputFiles({
      name: "courier-note.txt",
      mimeType: "text/plain",
      buffer: Buffer.from("Left at the back door on 3 March, in the rain.\n"),
    });
    await owner.getByRole("button", { name: "Attach", exact: true }).click();
    const fileLink = owner.getByRole("link", { name: "courier-note.txt" });
    await fileLink.waitFor();
    const [download] = await Promise.all([owner.waitForEvent("download"), fileLink.click()]);
    const saved = await download.createReadStream();
    const chunks: Buffer[] = [];
    for await (const chunk of saved) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).toString()).toContain("Left at the back door");
    await screenshot(owner, "case-attachments");

    await takeStep(owner, "Resolve", async (d) => {
      await d.getByRole("radio", { name: "Upheld", exact: true }).check();
      await d.getByLabel("Resolution").fill("We refunded the delivery charge and sent a new parcel.");
      await d.getByLabel("Remedy amount (optional)").fill("4.99");
    });
    await expect.poll(() => statusOf(owner)).toBe("Resolved");

    await manager.reload();
    await takeStep(manager, "Verify");
    await manager.getByRole("tab", { name: "Closure" }).click();
    await manager.getByText("the customer's acknowledgment is not recorded", { exact: false }).waitFor();
    await screenshot(manager, "case-closure-blocked");

    // The customer answers through their link, on a phone.
    const customerContext = await newContext(browser, server.base, "phone");
    const customer = await customerContext.newPage();
    await customer.goto(link);
    await customer.getByRole("button", { name: "Yes, it is resolved" }).click();
    await customer.getByText("Status").first().waitFor();
    await screenshot(customer, "public-case-phone");

    await manager.reload();
    await manager.getByRole("tab", { name: "Closure" }).click();
    await manager.getByText("Nothing blocks closing.").waitFor();
    await takeStep(manager, "Close", (d) => d.getByLabel("Note (optional)").fill("All done"));
    await expect.poll(() => statusOf(manager)).toBe("Closed");
    await manager.getByRole("tab", { name: "Closure" }).click();
    await manager.getByText("Closed by: Morgan Manager").waitFor();
    await manager.getByRole("tab", { name: "History" }).click();
    await manager.getByRole("cell", { name: "Closed", exact: true }).waitFor();
    await screenshot(manager, "case-closed-history");
    await manager.getByRole("tab", { name: "Timeline" }).click();
    await screenshot(manager, "case-closed");

    await Promise.all([
      agentContext.close(),
      managerContext.close(),
      ownerContext.close(),
      customerContext.close(),
    ]);
  }, 120_000);

  it("takes a complaint through the public form on a phone, and staff find it in Unassigned", async () => {
    const phone = await newContext(browser, server.base, "phone");
    const customer = await phone.newPage();
    await customer.goto("/public/complaint");
    await customer.getByLabel("Your name").fill("Priya Patel");
    await customer.getByLabel("Email").fill("priya@example.com");
    await customer.getByLabel("What is it about?").fill("Meter reading never arrived");
    await customer.getByLabel("What happened?").fill("I sent my reading twice and the bill is an estimate.");
    expect(await fitsWidth(customer)).toBe(true);
    await screenshot(customer, "public-form-phone");
    await customer.getByRole("button", { name: "Send complaint" }).click();
    const reference = (await customer
      .getByText(/CMP-\d{4}-\d{6}/)
      .first()
      .textContent())!.match(/CMP-\d{4}-\d{6}/)![0];
    expect(await seriousA11yViolations(customer)).toEqual([]);

    const staff = await newContext(browser, server.base);
    const page = await staff.newPage();
    await signIn(page, people.manager.email, people.manager.password);
    await page.getByRole("link", { name: "Unassigned" }).click();
    await page.getByRole("link", { name: reference }).waitFor();
    await page.getByLabel("Search").fill("meter reading");
    await expect.poll(() => page.getByRole("link", { name: /^CMP-/ }).allTextContents()).toEqual([reference]);
    await screenshot(page, "case-list");
    await Promise.all([phone.close(), staff.close()]);
  }, 60_000);

  it("has no serious accessibility violations on the main screens (axe-core)", async () => {
    const context = await newContext(browser, server.base);
    const page = await context.newPage();
    await page.goto("/sign-in");
    const found: Record<string, string[]> = { "/sign-in": await seriousA11yViolations(page) };
    await signIn(page, people.manager.email, people.manager.password);
    const reference = (await page.getByRole("link", { name: /^CMP-/ }).first().textContent())!;
    for (const path of ["/cases", "/cases/new", `/cases/${reference}`]) {
      await page.goto(path);
      await page.getByRole("heading", { level: 1 }).first().waitFor();
      found[path] = await seriousA11yViolations(page);
    }
    expect(found).toEqual({ "/sign-in": [], "/cases": [], "/cases/new": [], [`/cases/${reference}`]: [] });
    await context.close();
  }, 60_000);

  it("fits the main screens into a 390 px phone", async () => {
    const context = await newContext(browser, server.base, "phone");
    const page = await context.newPage();
    await signIn(page, people.manager.email, people.manager.password);
    await page.goto("/cases");
    await page.getByRole("heading", { name: "Cases" }).waitFor();
    await page.getByRole("link", { name: /^CMP-/ }).first().waitFor();
    expect(await fitsWidth(page)).toBe(true);
    await screenshot(page, "phone-cases");

    await page.getByRole("link", { name: /^CMP-/ }).first().click();
    await page.getByRole("region", { name: "Deadlines" }).waitFor();
    expect(await fitsWidth(page)).toBe(true);
    await screenshot(page, "phone-case");

    await page.goto("/cases/new");
    await page.getByRole("heading", { name: "New case" }).waitFor();
    expect(await fitsWidth(page)).toBe(true);
    await screenshot(page, "phone-new-case");

    // The navigation folds into the menu button.
    await page.getByRole("button", { name: "Open the menu" }).click();
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Cases" }).click();
    await page.getByRole("heading", { name: "Cases" }).waitFor();
    await context.close();
  }, 60_000);
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { raiseAndCheckCapa } from "./capa.steps.js";
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
import { seedCases } from "./seed.js";

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
  const people = {} as Record<"agent" | "owner" | "manager", { id: string; email: string; password: string }>;
  /** The case the first test takes to closed; later tests work on it. */
  let closed = "";

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    const admin = await adminApi(server.base);
    people.agent = await admin.createUser("Avery Agent", ["agent"]);
    people.owner = await admin.createUser("Olive Owner", ["agent"]);
    people.manager = await admin.createUser("Morgan Manager", ["manager"]);
    await seedCases(server.base, people.manager, [people.owner, people.manager]);
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
    // Time left is business time in the organisation's calendar, whatever the hour the test runs at.
    await expect
      .poll(() => agent.getByRole("region", { name: "Deadlines" }).textContent())
      .toMatch(/\d+ business (day|hour|minute)s?( \d+ (h|min))? left/);
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
    await owner.getByRole("combobox", { name: "Root cause category" }).fill("supplier");
    await owner.keyboard.press("Escape");
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

    // SOP 004: resolving schedules the follow-up contact; the case waits in the "Follow-ups due" queue
    // until the owner records it from the deadlines.
    await owner.getByRole("link", { name: "Cases", exact: true }).first().click();
    await owner
      .getByRole("navigation", { name: "Queues" })
      .getByRole("link", { name: "Follow-ups due" })
      .click();
    await expect.poll(() => new URL(owner.url()).searchParams.get("due")).toBe("follow_up");
    const row = owner.getByRole("row").filter({ has: owner.getByRole("link", { name: reference }) });
    await row.getByText(/^Follow-up · \d+ business (day|hour|minute)s?/).waitFor();
    await row.getByRole("link", { name: reference }).click();
    const deadlines = owner.getByRole("region", { name: "Deadlines" });
    await deadlines.getByText("Follow-up", { exact: true }).waitFor();
    await deadlines.getByRole("button", { name: "Record follow-up" }).click();
    const followUp = owner.getByRole("dialog", { name: "Record follow-up" });
    await followUp.getByLabel("What was said").fill("Called Jane: the new parcel arrived, she is happy.");
    await followUp.getByRole("button", { name: "Record follow-up" }).click();
    await followUp.waitFor({ state: "detached" });
    await deadlines.getByText("by Olive Owner").waitFor();
    expect(await deadlines.getByRole("button", { name: "Record follow-up" }).count()).toBe(0);

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

    // R9: closing invites the customer to the survey; she answers on the phone instead.
    const survey = manager.getByRole("region", { name: "Survey" });
    await survey.getByText("Open", { exact: true }).waitFor();
    await survey.getByRole("button", { name: "Record answers given by phone" }).click();
    const answers = manager.getByRole("dialog", { name: "Record answers given by phone" });
    await answers.getByRole("button", { name: "Save" }).click();
    // Nothing chosen yet: the server names the missing answers next to their questions.
    await answers.getByText("is required").first().waitFor();
    await answers
      .getByRole("radiogroup", { name: /with the outcome/ })
      .getByRole("radio", { name: "4" })
      .check();
    await answers.getByRole("radiogroup", { name: "Resolved" }).getByRole("radio", { name: "Yes" }).check();
    await answers
      .getByRole("radiogroup", { name: /how it was handled/ })
      .getByRole("radio", { name: "5" })
      .check();
    await answers.getByLabel("Comment (optional)").fill("Quick once it reached the right person.");
    await answers.getByRole("button", { name: "Save" }).click();
    await answers.waitFor({ state: "detached" });
    await survey.getByText("Answered", { exact: true }).waitFor();
    await survey.getByText("4 of 5").waitFor();
    await screenshot(manager, "case-closed");
    await screenshot(manager, "case-page", { fullPage: false });
    closed = reference;

    await Promise.all([
      agentContext.close(),
      managerContext.close(),
      ownerContext.close(),
      customerContext.close(),
    ]);
  }, 120_000);

  it("raises a CAPA from the closed case, refuses its check before the date, then records it effective", async () => {
    expect(closed).not.toBe("");
    const context = await newContext(browser, server.base);
    const page = await context.newPage();
    await signIn(page, people.manager.email, people.manager.password);
    await raiseAndCheckCapa(page, closed);
    await context.close();
  }, 90_000);

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
    await page.getByRole("link", { name: /^CMP-/ }).first().waitFor();
    await screenshot(page, "cases-open");
    const reference = (await page.getByRole("link", { name: /^CMP-/ }).first().textContent())!;
    const paths = ["/cases", "/cases/new", `/cases/${reference}`, "/dashboard", "/procedures"];
    for (const path of paths) {
      await page.goto(path);
      await page.getByRole("heading", { level: 1 }).first().waitFor();
      await page
        .getByRole("status")
        .first()
        .waitFor({ state: "detached" })
        .catch(() => undefined);
      found[path] = await seriousA11yViolations(page);
    }
    expect(Object.entries(found).filter(([, v]) => v.length > 0)).toEqual([]);

    // The dashboard counts in one call; each number opens the list of exactly the cases it counts.
    await page.goto("/dashboard");
    const deadlines = page.getByRole("region", { name: "Deadlines" });
    const breached = deadlines.getByRole("link", { name: /^Breached: \d+$/ });
    const count = Number((await breached.textContent())!);
    expect(count).toBeGreaterThan(0);
    await screenshot(page, "dashboard");
    await breached.click();
    await expect.poll(() => new URL(page.url()).searchParams.get("due")).toBe("breached");
    await expect.poll(() => page.getByRole("link", { name: /^CMP-/ }).count()).toBe(count);
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

    for (const [path, heading] of [
      ["/dashboard", "Dashboard"],
      ["/capas", "Corrective and preventive actions"],
      ["/quality/reviews", "Quality"],
      ["/procedures", "Procedures"],
    ] as const) {
      await page.goto(path);
      await page.getByRole("heading", { name: heading, level: 1 }).waitFor();
      await page.waitForLoadState("networkidle");
      expect(await fitsWidth(page), path).toBe(true);
    }
    await page.goto("/dashboard");
    await page.getByRole("region", { name: "Cases received per week" }).waitFor();
    await screenshot(page, "phone-dashboard");

    // The navigation folds into the menu button.
    await page.getByRole("button", { name: "Open the menu" }).click();
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Cases" }).click();
    await page.getByRole("heading", { name: "Cases" }).waitFor();
    await context.close();
  }, 60_000);
});

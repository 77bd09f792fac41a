// The quality manager's month end in the browser (R12–R14): the steps run by access.test.ts on its server,
// so the e2e suite starts no extra server for them.
import { expect } from "vitest";
import { type adminApi, type Page, screenshot, seriousA11yViolations } from "./harness.js";

const LOG_HEADER =
  "Date,Customer Name,Contact Info,Complaint Details,Status,Handler,Actions Taken,Resolution/Closure Date";

/** Two complaints closed in January 2025 from an old log, so that month has cases to sample. */
export async function importClosedCases(admin: Awaited<ReturnType<typeof adminApi>>): Promise<void> {
  const log = [
    LOG_HEADER,
    "2025-01-06,Ann Example,ann@example.com,Parcel left in the rain,Closed,Sam,Refunded postage,2025-01-14",
    "2025-01-09,Ben Example,ben@example.com,Wrong item delivered,Closed,Sam,Sent the right item,2025-01-21",
  ].join("\n");
  const form = new FormData();
  form.append("file", new Blob([log], { type: "text/csv" }), "old-log.csv");
  const res = await admin.upload("/imports", form);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
}

/** Collects serious axe violations per page, to assert once at the end. */
type Found = Record<string, string[]>;

export async function drawAndCheckSample(page: Page, found: Found): Promise<void> {
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Quality" }).click();
  await page.getByRole("heading", { name: "Draw a sample" }).waitFor();
  await page.getByLabel("Month", { exact: true }).fill("2025-01");
  await page.getByRole("button", { name: "Draw a sample" }).click();
  await page.waitForURL("**/quality/samples/2025-01");
  const check = page.getByRole("button", { name: /^Check CMP-/ }).first();
  await check.waitFor();
  expect(await page.getByRole("button", { name: /^Check CMP-/ }).count()).toBe(2);
  await check.click();
  const dialog = page.getByRole("dialog", { name: /^Check CMP-/ });
  for (const item of ["Fields complete", "Customer kept informed", "Closure justified", "Records attached"]) {
    await dialog.getByRole("checkbox", { name: item }).check();
  }
  // The deadline check is left unticked: the case fails, and a CAPA is raised from it.
  await dialog.getByRole("checkbox", { name: "Raise a CAPA for this failure" }).check();
  await dialog.getByLabel("CAPA title").fill("Explain late closures on the case file");
  await dialog.getByLabel("CAPA due").fill("2026-12-31");
  await dialog.getByRole("button", { name: "Save the check" }).click();
  await dialog.waitFor({ state: "detached" });
  await page.getByText("Failed", { exact: true }).waitFor();
  await page.getByRole("link", { name: /^CAPA-/ }).waitFor();
  found["/quality/samples/2025-01"] = await seriousA11yViolations(page);
  await screenshot(page, "quality-sample");
}

export async function recordReviews(page: Page, found: Found): Promise<void> {
  await page
    .getByRole("navigation", { name: "Quality sections" })
    .getByRole("link", { name: "Management reviews" })
    .click();
  // January's report was archived when it was downloaded: the first review records that it reviewed it.
  await recordReview(
    page,
    "2025-01",
    "2025-02-05",
    "Late closures in January.",
    "Refresh closure training",
    true,
  );
  await page.getByRole("heading", { name: /2025-01/ }).waitFor();
  await page
    .getByRole("navigation", { name: "Quality sections" })
    .getByRole("link", { name: "Management reviews" })
    .click();
  await recordReview(page, "2025-02", "2025-03-05", "Fewer late closures.", "");
  // The later review lists the earlier one's open action; following it up closes it.
  const earlier = page.getByRole("table").last();
  await earlier.getByText("Refresh closure training").waitFor();
  await earlier.getByRole("button", { name: /^Follow up/ }).click();
  const dialog = page.getByRole("dialog", { name: "Follow up the action" });
  await dialog.getByLabel("Note").fill("Training held on 20 February.");
  await dialog.getByRole("button", { name: "Follow up" }).click();
  await dialog.waitFor({ state: "detached" });
  await page.getByText("Nothing open from earlier reviews.").waitFor();
  found["/quality/reviews/:id"] = await seriousA11yViolations(page);
  await screenshot(page, "quality-review");
}

async function recordReview(
  page: Page,
  period: string,
  heldOn: string,
  findings: string,
  action: string,
  withReport = false,
) {
  await page.getByRole("button", { name: "Record a review" }).click();
  const form = page.getByRole("region", { name: "Record a review" });
  await form.getByLabel("Period").fill(period);
  await form.getByLabel("Held on").fill(heldOn);
  if (withReport) await form.getByLabel("Report reviewed (month) (optional)").fill(period);
  await form.getByLabel("Attendees").fill("Quinn Quality\nMorgan Manager");
  await form.getByLabel("Findings").fill(findings);
  if (action) {
    await form.getByRole("button", { name: "Add an action" }).click();
    await form.getByLabel("Action 1: Action").fill(action);
  }
  await form.getByRole("button", { name: "Record a review" }).click();
  await page.waitForURL(/\/quality\/reviews\/[0-9a-f-]{36}$/);
}

export async function downloadReport(page: Page, found: Found): Promise<void> {
  await page
    .getByRole("navigation", { name: "Quality sections" })
    .getByRole("link", { name: "Monthly reports" })
    .click();
  const form = page.getByRole("region", { name: "Download a month" });
  await form.getByLabel("Month", { exact: true }).fill("2025-01");
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    form.getByRole("link", { name: "January 2025 as CSV" }).click(),
  ]);
  const chunks: Buffer[] = [];
  for await (const chunk of await download.createReadStream()) chunks.push(chunk as Buffer);
  expect(Buffer.concat(chunks).toString()).toContain("table");
  expect(await form.getByRole("link", { name: "January 2025 as PDF" }).getAttribute("href")).toBe(
    "/api/v1/reports/monthly?month=2025-01&format=pdf",
  );
  // A complete month's report is archived when first asked for.
  await page.reload();
  await page.getByRole("cell", { name: "January 2025", exact: true }).waitFor();
  found["/quality/reports"] = await seriousA11yViolations(page);
  await screenshot(page, "quality-reports");
}

export async function addProcedureAndFeedback(page: Page, found: Found): Promise<void> {
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Procedures" }).click();
  await page.getByRole("button", { name: "Add a procedure" }).click();
  const dialog = page.getByRole("dialog", { name: "Add a procedure" });
  await dialog.getByLabel("Title").fill("SOP 004 Complaint handling");
  await dialog.getByLabel("Version").fill("3.1");
  await dialog.getByLabel("Effective from").fill("2025-01-01");
  await dialog.getByLabel("Review by").fill("2026-01-01");
  await dialog.getByRole("button", { name: "Save" }).click();
  await dialog.waitFor({ state: "detached" });
  await page.getByRole("cell", { name: "SOP 004 Complaint handling", exact: true }).waitFor();
  await page.getByText("Review due").waitFor();

  await page.getByRole("button", { name: "Upload the document: SOP 004 Complaint handling" }).click();
  const upload = page.getByRole("dialog", { name: /^Document for/ });
  await upload.locator('input[type="file"]').setInputFiles({
    name: "sop-004.txt",
    mimeType: "text/plain",
    buffer: Buffer.from("SOP 004: acknowledge within a day, resolve within five.\n"),
  });
  await upload.getByRole("button", { name: "Upload the document" }).click();
  await upload.waitFor({ state: "detached" });
  await page.getByRole("link", { name: "sop-004.txt" }).waitFor();

  const feedback = page.getByRole("region", { name: "Feedback on the process" });
  await feedback.getByLabel("Which part (optional)").fill("closure");
  await feedback.getByLabel("Your feedback").fill("The closure checklist asks for the same date twice.");
  await feedback.getByRole("button", { name: "Send feedback" }).click();
  await feedback.getByText("your feedback went to the quality team").waitFor();
  found["/procedures"] = await seriousA11yViolations(page);
  await screenshot(page, "procedures");

  await page.goto("/quality/feedback");
  await page.getByRole("cell", { name: "The closure checklist asks for the same date twice." }).waitFor();
  found["/quality/feedback"] = await seriousA11yViolations(page);
}

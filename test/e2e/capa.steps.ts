// R6 in the browser: a CAPA raised from a closed case, moved on, refused its check before the date, then
// checked effective; and the register with its filters. Run by lifecycle.test.ts on its server.
import { expect } from "vitest";
import { type Page, screenshot, seriousA11yViolations, todayInLondon } from "./harness.js";

export async function raiseAndCheckCapa(page: Page, closed: string): Promise<void> {
  await page.goto(`/cases/${closed}`);
  await page.getByRole("region", { name: "Actions" }).getByRole("button", { name: "Raise CAPA" }).click();
  const raise = page.getByRole("dialog", { name: "Raise CAPA" });
  expect(await raise.getByLabel("Case references").inputValue()).toBe(closed);
  await raise.getByLabel("Title").fill("Courier leaves parcels outside in the rain");
  await raise.getByLabel("Due").fill(todayInLondon());
  await raise.getByLabel("Effectiveness check (optional)").fill(todayInLondon(2));
  await raise.getByRole("button", { name: "Raise CAPA" }).click();
  await page.waitForURL(/\/capas\/CAPA-/);
  const capa = page.url().split("/").pop()!;
  await page.getByRole("heading", { name: "Courier leaves parcels outside in the rain" }).waitFor();
  await page.getByRole("region", { name: "Linked cases" }).getByRole("link", { name: closed }).waitFor();

  const actions = page.getByRole("region", { name: "CAPA actions" });
  await actions.getByRole("button", { name: "Move to implemented" }).click();
  await page.getByText("Implemented", { exact: true }).first().waitFor();
  await actions.getByRole("button", { name: "Record effectiveness check" }).click();
  let check = page.getByRole("dialog", { name: "Record effectiveness check" });
  await check.getByRole("radio", { name: "Effective", exact: true }).check();
  await check.getByLabel("Evidence").fill("No parcel left outside in the sampled deliveries.");
  await check.getByRole("button", { name: "Record effectiveness check" }).click();
  // The API refuses before the check date and says when; the dialog shows its words.
  await check.getByRole("alert").filter({ hasText: "record the result on or after that date" }).waitFor();
  await check.getByRole("button", { name: "Cancel" }).click();

  await actions.getByRole("button", { name: "Edit" }).click();
  const edit = page.getByRole("dialog", { name: "Edit the CAPA" });
  await edit.getByLabel("Effectiveness check (optional)").fill(todayInLondon());
  await edit.getByLabel("Lessons learned (optional)").fill("Photograph every doorstep delivery.");
  await edit.getByRole("button", { name: "Save" }).click();
  await edit.waitFor({ state: "detached" });
  await actions.getByRole("button", { name: "Record effectiveness check" }).click();
  check = page.getByRole("dialog", { name: "Record effectiveness check" });
  await check.getByRole("radio", { name: "Effective", exact: true }).check();
  await check.getByLabel("Evidence").fill("No parcel left outside in the sampled deliveries.");
  await check.getByRole("button", { name: "Record effectiveness check" }).click();
  await check.waitFor({ state: "detached" });
  await page
    .getByRole("region", { name: "Effectiveness check" })
    .getByText("Effective", { exact: true })
    .waitFor();
  expect(await seriousA11yViolations(page)).toEqual([]);
  await screenshot(page, "capa-page");

  // The register lists it; its filters are in the URL.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "CAPA" }).click();
  await page.getByRole("link", { name: capa, exact: true }).waitFor();
  await page.getByLabel("Status").selectOption("open");
  await expect.poll(() => new URL(page.url()).searchParams.get("status")).toBe("open");
  await page.getByText("No CAPAs match.").waitFor();
  await page.getByLabel("Status").selectOption("effective");
  await page.getByRole("link", { name: capa, exact: true }).waitFor();
  // The closed case's root cause shows, with the CAPA raised against it.
  const causes = page.getByRole("region", { name: "Root causes over the last year" });
  await causes.getByRole("cell", { name: "supplier", exact: true }).waitFor();
  await causes.getByRole("link", { name: new RegExp(capa) }).waitFor();
  expect(await seriousA11yViolations(page)).toEqual([]);
  await screenshot(page, "capa-register");
}

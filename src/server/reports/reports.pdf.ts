// The PDF is the HTML report printed by headless Chromium (Debian's package, never downloaded): real
// layout, tables that break across pages and page numbers for free, where a PDF library would have us
// place every line by hand. Chromium starts offline with JavaScript off; the page loads nothing.
import { existsSync } from "node:fs";
import type { MonthlyReport } from "../../shared/reports.schema.js";
import { AppError } from "../errors.js";
import { footerHtml, reportHtml } from "./reports.html.js";

const unavailable = (why: string) =>
  new AppError(
    "pdf_unavailable",
    503,
    `the PDF cannot be made here: ${why}. Install Chromium (Debian/Ubuntu: apt-get install chromium) or set ` +
      "REDRESS_CHROMIUM to its path; format=csv, xlsx and json work without it",
  );

type Playwright = typeof import("playwright-core");

async function loadPlaywright(): Promise<Playwright> {
  try {
    return await import("playwright-core");
  } catch {
    throw unavailable("the playwright-core package is not installed (npm install playwright-core)");
  }
}

/** R12: the report as an A4 PDF: summary page first, then tables and charts, page numbers in the footer. */
export async function reportPdf(report: MonthlyReport, chromiumPath: string): Promise<Buffer> {
  if (!existsSync(chromiumPath)) throw unavailable(`no Chromium at ${chromiumPath}`);
  const { chromium } = await loadPlaywright();
  let browser: Awaited<ReturnType<Playwright["chromium"]["launch"]>>;
  try {
    browser = await chromium.launch({ executablePath: chromiumPath });
  } catch (error) {
    throw unavailable(
      `Chromium at ${chromiumPath} did not start (${(error as Error).message.split("\n")[0]})`,
    );
  }
  try {
    const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
    const page = await context.newPage();
    await page.setContent(reportHtml(report), { waitUntil: "load" });
    return await page.pdf({
      format: "A4",
      printBackground: true,
      displayHeaderFooter: true,
      headerTemplate: "<span></span>",
      footerTemplate: footerHtml(report),
      margin: { top: "16mm", bottom: "18mm", left: "14mm", right: "14mm" },
    });
  } finally {
    await browser.close();
  }
}

// End-to-end tests: the real server process (from source, on a fresh embedded database) serving the built
// web app, driven by Debian's Chromium through playwright-core. No browser is ever downloaded.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { expect, inject } from "vitest";
import { baseDatabaseName, pgServerUrl, withAdminClient } from "../db.js";

const ROOT = join(import.meta.dirname, "..", "..");
export const SCREENSHOTS = join(import.meta.dirname, "screenshots");
export const ADMIN = { email: "admin@example.com", password: "e2e admin password 1" };
export const PASSWORD = "e2e staff password 1";

/** Debian's Chromium (`.ci/run` installs the `chromium` package); REDRESS_CHROMIUM names another binary. */
export function chromiumPath(): string | undefined {
  const given = process.env.REDRESS_CHROMIUM;
  const candidates = given ? [given] : ["/usr/bin/chromium", "/usr/lib/chromium/chromium"];
  return candidates.find((path) => existsSync(path));
}

/**
 * Whether to run: without Chromium the suite is skipped on a laptop, but in CI (env CI set) a missing
 * browser is a failure, so the e2e tests can never silently stop running there.
 */
export function e2eEnabled(): boolean {
  if (chromiumPath()) return true;
  if (process.env.CI)
    throw new Error("CI is set but Chromium is missing: install Debian's `chromium` package");
  return false;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

export interface E2eServer {
  base: string;
  stop(): Promise<void>;
}

/**
 * Builds the web app if its sources changed, then starts Redress on a free port (or `port`) and a temp data
 * dir, with `env` on top of the test's settings.
 */
export async function startServer(
  options: { port?: number; env?: Record<string, string> } = {},
): Promise<E2eServer> {
  const built = spawnSync(process.execPath, ["scripts/build.js", "--if-stale", "web"], {
    cwd: ROOT,
    encoding: "utf8",
  });
  if (built.status !== 0) throw new Error(`web build failed:\n${built.stderr}${built.stdout}`);
  const dir = await mkdtemp(join(tmpdir(), "redress-e2e-"));
  const database = await e2eDatabase();
  const port = options.port ?? (await freePort());
  const base = `http://localhost:${port}`;
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "-e", "import('./src/cli/main.ts').then((m) => m.main(['start']))"],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        REDRESS_DATA_DIR: dir,
        DATABASE_URL: database.url,
        PORT: String(port),
        HOST: "127.0.0.1",
        REDRESS_PUBLIC_URL: base,
        REDRESS_TIMEZONE: "Europe/London",
        REDRESS_ADMIN_EMAIL: ADMIN.email,
        REDRESS_ADMIN_PASSWORD: ADMIN.password,
        REDRESS_SMTP_URL: "",
        LOG_LEVEL: "warn",
        ...options.env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  await new Promise<void>((resolve, reject) => {
    let out = "";
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes("API: POST")) resolve();
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.on("exit", (code) => reject(new Error(`server exited with ${code} before listening:\n${out}`)));
  });
  return {
    base,
    async stop() {
      await stopChild(child);
      await database.drop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The embedded database by default; with TEST_DATABASE_URL (CI's second pass) a fresh PostgreSQL database
 * made from the migrated template of test/global-setup.ts, so the e2e run covers both databases.
 */
async function e2eDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const testUrl = process.env.TEST_DATABASE_URL;
  if (!testUrl) return { url: "", drop: async () => {} };
  const base = baseDatabaseName(testUrl);
  const name = `${base}_e2e_${process.pid}_${Date.now()}`;
  await withAdminClient(testUrl, (c) =>
    c.query(`CREATE DATABASE "${name}" TEMPLATE "${inject("template")}"`),
  );
  return {
    url: pgServerUrl(testUrl, name),
    drop: () =>
      withAdminClient(testUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(
        () => {},
      ),
  };
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath()!, headless: true, args: ["--no-sandbox"] });
}

/** A browser context on the server with a laptop or a phone viewport, in the organisation's zone. */
export function newContext(browser: Browser, base: string, size: "laptop" | "phone" = "laptop") {
  return browser.newContext({
    baseURL: base,
    viewport: size === "phone" ? { width: 390, height: 844 } : { width: 1280, height: 860 },
    deviceScaleFactor: 1,
    isMobile: size === "phone",
    hasTouch: size === "phone",
    locale: "en-GB",
    timezoneId: "America/New_York",
  });
}

/** Signs in through the sign-in page, as a person would. */
export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("button", { name: "Sign out" }).waitFor();
}

/** The page as a person sees it once settled, whole (or only the first screenful: `fullPage: false`). */
export async function screenshot(page: Page, name: string, { fullPage = true } = {}): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  // What a person would see once the page has settled, from the top.
  await page.waitForLoadState("networkidle");
  await page.evaluate("window.scrollTo(0, 0)");
  // Toasts ("Saved") come and go; the screen behind them is what the picture is of. The navigation's edge
  // is fixed to the window, so on a whole-page picture it would stop short: left out.
  await page.screenshot({
    path: join(SCREENSHOTS, `${name}.png`),
    fullPage,
    style:
      ".mantine-Notifications-root { display: none !important; } " +
      ".mantine-AppShell-navbar { border-inline-end-color: transparent !important; }",
  });
}

/** The API with a user's session, for setting up what a test needs without the UI. */
export async function apiAs(base: string, credentials: { email: string; password: string }) {
  const session = await fetch(`${base}/api/v1/session`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: credentials.email, password: credentials.password }),
  });
  expect(session.status).toBe(200);
  const cookie = session.headers.get("set-cookie")!.split(";")[0]!;
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${base}/api/v1${path}`, {
      method,
      headers: { cookie, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  return {
    call,
    /** A multipart upload (legacy logs, documents). */
    async upload(path: string, form: FormData) {
      const res = await fetch(`${base}/api/v1${path}`, { method: "POST", headers: { cookie }, body: form });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined };
    },
  };
}

/** The API with the admin's session: users, and whatever else a test sets up. */
export async function adminApi(base: string) {
  const api = await apiAs(base, ADMIN);
  return {
    ...api,
    async createUser(name: string, roles: string[]) {
      const email = `${name.toLowerCase().replace(/\W+/g, ".")}@example.com`;
      const res = await api.call("POST", "/users", { email, name, password: PASSWORD, roles });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return { id: res.body.id as string, email, name, password: PASSWORD };
    },
  };
}

/** Today's date in the organisation's zone (Europe/London in these tests), "YYYY-MM-DD". */
export function todayInLondon(offsetDays = 0): string {
  const at = new Date(Date.now() + offsetDays * 86_400_000);
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London" }).format(at);
}

const AXE = join(ROOT, "node_modules", "axe-core", "axe.min.js");

/** axe-core's serious and critical violations on the page as it is now (WCAG 2.1 A and AA rules). */
export async function seriousA11yViolations(page: Page): Promise<string[]> {
  await page.waitForLoadState("networkidle");
  // Evaluated like a console command, so the app's CSP (script-src 'self', no inline) stays in force.
  await page.evaluate(readFileSync(AXE, "utf8"));
  // A string, run in the page: this file is type-checked without the DOM library. Toasts are left out: they
  // fade in and out, and axe measures a half-transparent one's contrast mid-fade (their colours are in theme.ts).
  const violations = await page.evaluate<AxeViolation[]>(`
    axe.run({ exclude: [[".mantine-Notifications-root"]] }, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } })
      .then((results) => results.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        targets: v.nodes.slice(0, 3).map((n) => n.target.join(" ")),
      })))
  `);
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.targets.join(", ")}`);
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

export type { Browser, BrowserContext, Page };

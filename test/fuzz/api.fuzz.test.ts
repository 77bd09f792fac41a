import fc from "fast-check";
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from "fastify";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/server/app.js";
import { ROLES } from "../../src/shared/enums.js";
import { makeCase } from "../factories.js";
import { createTestApp, type TestApp, type TestUser } from "../harness.js";
import { makeCrew, resolveCase } from "../lifecycle.js";
import { dataOf, type Fingerprinter, fingerprinter } from "./fingerprint.js";
import {
  type Endpoint,
  endpointsOf,
  type FuzzRequest,
  type OpenApiDocument,
  requestArbitrary,
} from "./requests.js";

/**
 * CI sends 10 000 requests from a fixed seed, so that a red run is a change in the code, not a new draw;
 * `FUZZ_SEED=random FUZZ_REQUESTS=100000` explores (the seed is printed, and a failure names it).
 */
const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 10_000);
const SEED =
  process.env.FUZZ_SEED === "random"
    ? Math.floor(Math.random() * 2 ** 31)
    : Number(process.env.FUZZ_SEED ?? 20_261_123);
const INBOUND_TOKEN = "fuzz-inbound-token-0123456789abcdef";
/** Sign-in burns an argon2 hash per attempt (on purpose): fewer of those keep the run inside its minute. */
const WEIGHT: Record<string, number> = { "POST /api/v1/session": 0.15, "POST /public/complaint": 0.5 };

/** Objects found during the run, so that path parameters name real cases, tokens, users, templates. */
class Pools {
  readonly values: Record<string, string[]> = {
    reference: [],
    token: [],
    id: [],
    key: [],
    month: ["2026-02"],
  };
  add(kind: string, value: unknown) {
    const pool = this.values[kind];
    if (typeof value === "string" && pool && !pool.includes(value) && pool.length < 300) pool.push(value);
  }
  pick(name: string, n: number): string {
    const kind = name === "reference" || name === "token" || name === "key" || name === "month" ? name : "id";
    const pool = this.values[kind]!;
    return pool.length ? pool[n % pool.length]! : "none";
  }
  harvest(json: unknown) {
    if (!json || typeof json !== "object") return;
    const o = json as Record<string, unknown>;
    this.add("reference", o.reference);
    this.add("id", o.id);
    if (typeof o.link === "string") this.add("token", o.link.split("/").pop());
  }
}

function buildInject(
  endpoint: Endpoint,
  request: FuzzRequest,
  pools: Pools,
  as: TestUser | undefined,
): InjectOptions {
  let url = endpoint.url;
  for (const [name, choice] of Object.entries(request.params)) {
    const value = "pool" in choice ? pools.pick(name, choice.pool) : choice.literal;
    const encoded = "raw" in choice && choice.raw ? value : encodeURIComponent(value);
    url = name === "*" ? url.replace("*", encoded) : url.replace(`:${name}`, encoded);
  }
  const query = new URLSearchParams(request.query).toString();
  const headers: Record<string, string> = { ...(as?.headers ?? {}) };
  if (endpoint.url === "/api/v1/inbound/email") {
    headers.authorization = request.who === 0 ? `Bearer ${INBOUND_TOKEN}` : (as?.headers.authorization ?? "");
  }
  const body = request.body;
  let payload: string | Buffer | undefined;
  if (body.kind === "text") {
    payload = body.text;
    if (body.contentType) headers["content-type"] = body.contentType;
  } else if (body.kind === "multipart") {
    const parts = body.parts.map(
      (p) =>
        `--${body.boundary}\r\nContent-Disposition: form-data; name="${p.field}"${p.filename !== undefined ? `; filename="${p.filename}"` : ""}\r\n` +
        `${p.type ? `Content-Type: ${p.type}\r\n` : ""}\r\n${p.content}\r\n`,
    );
    payload = Buffer.from(`${parts.join("")}--${body.boundary}--\r\n`, "latin1");
    headers["content-type"] =
      `multipart/form-data; boundary=${body.brokenBoundary ? "other" : body.boundary}`;
  }
  return { method: endpoint.method as "GET", url: query ? `${url}?${query}` : url, headers, payload };
}

/** What a refusal must look like (RFC 9457 as DESIGN.md has it); undefined when it does. */
function problemDefect(res: LightMyRequestResponse, endpoint: Endpoint): string | undefined {
  const type = String(res.headers["content-type"] ?? "");
  // The customer's pages are HTML for a browser: their refusals are pages, by design.
  if (endpoint.url.startsWith("/public/") && type.startsWith("text/html")) return undefined;
  if (!type.startsWith("application/problem+json")) return `content-type ${type || "(none)"}`;
  try {
    const p = res.json() as Record<string, unknown>;
    const ok =
      typeof p.type === "string" &&
      typeof p.title === "string" &&
      typeof p.detail === "string" &&
      p.status === res.statusCode;
    return ok ? undefined : `problem fields ${JSON.stringify(p).slice(0, 200)}`;
  } catch {
    return "problem body is not JSON";
  }
}

/**
 * The only 5xx that are answers rather than faults: the PDF needs Chromium (the fuzz app points at none,
 * so that no browser starts) and the web app is not built in a fresh clone (`npm run build`).
 */
function expected5xx(endpoint: Endpoint, res: LightMyRequestResponse): boolean {
  if (res.statusCode !== 503) return false;
  if (endpoint.url === "/*") return res.body.includes("not built");
  return safeJson(res)?.code === "pdf_unavailable";
}

/** A failed sign-in is audited and counts towards the lockout: the one refusal meant to write (R11). */
const REFUSAL_MAY_WRITE = (endpoint: Endpoint, status: number) =>
  endpoint.method === "POST" && endpoint.url === "/api/v1/session" && status === 401;

describe("fuzzing every endpoint from the OpenAPI document", () => {
  let t: TestApp;
  const users: (TestUser | undefined)[] = [];
  const pools = new Pools();
  let fingerprints: Fingerprinter;
  /** The same app on the same database, with a logger: a 5xx in the report names its cause. */
  let app: FastifyInstance;
  /** The error the server logged while answering the current request (requests go one at a time). */
  let logged: string | undefined;

  beforeAll(async () => {
    t = await createTestApp({
      env: { REDRESS_INBOUND_TOKEN: INBOUND_TOKEN, REDRESS_CHROMIUM: "/nonexistent/chromium" },
    });
    users.push(
      await t.user([...ROLES], "Fuzz Everything"),
      await t.user(["agent"]),
      await t.user(["auditor"]),
    );
    users.push(undefined); // anonymous
    const crew = await makeCrew(t);
    pools.add("id", crew.agent.id);
    for (let i = 0; i < 3; i++) pools.harvest(await makeCase(t, crew.agent));
    pools.harvest(await resolveCase(t, crew, (await makeCase(t, crew.agent)).reference));
    const pub = await t.request({
      method: "POST",
      url: "/api/v1/public/complaints",
      payload: {
        customer: { name: "Pat", email: "pat@example.com" },
        summary: "Late",
        description: "Very late",
      },
    });
    pools.harvest(pub.json());
    const templates = await t.request({ method: "GET", url: "/api/v1/templates", as: users[0] });
    for (const tpl of templates.json().items ?? templates.json()) pools.add("key", tpl.key);
    fingerprints = await fingerprinter(t.db);
    const capture = {
      write(line: string) {
        type Logged = { message?: string; stack?: string; cause?: Logged };
        const entry = JSON.parse(line) as { reqId?: string; err?: Logged };
        // The database's own words are in the cause (Drizzle wraps them): the report shows both.
        const cause = /caused by: (.*)/.exec(entry.err?.stack ?? "")?.[1] ?? "";
        if (entry.err) {
          logged ??= `${cause ? `[${cause}] ` : ""}${(entry.err.message ?? "").slice(0, 300)}\n    ${entry.err.stack?.split("\n").slice(1, 4).join("\n    ")}`;
        }
      },
    };
    app = await buildApp(t.app.deps, { logger: pino({ level: "error" }, capture) });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  it(`answers ${REQUESTS} generated requests with no 5xx, problem+json for every 4xx, and no write on refusal`, async () => {
    const doc = (await t.request({ method: "GET", url: "/api/v1/openapi.json" })).json() as OpenApiDocument;
    const endpoints = endpointsOf(t.app.routeTable, doc);
    const components = doc.components?.schemas ?? {};
    const weights = endpoints.map((e) => WEIGHT[`${e.method} ${e.url}`] ?? 1);
    const perUnit = REQUESTS / weights.reduce((a, b) => a + b, 0);
    const batches = endpoints.map((_, i) =>
      fc.sample(requestArbitrary(endpoints, i, users.length, components), {
        seed: SEED + i,
        numRuns: Math.ceil(perUnit * weights[i]!),
      }),
    );
    const failures = new Map<string, { count: number; example: string }>();
    const fail = (key: string, example: string) => {
      const seen = failures.get(key);
      if (seen) seen.count += 1;
      else failures.set(key, { count: 1, example });
    };
    let sent = 0;
    const statuses = new Map<number, number>();
    let print = await fingerprints.take();
    const started = performance.now();
    for (let round = 0; batches.some((b) => round < b.length); round++) {
      for (const batch of batches) {
        const request = batch[round];
        if (!request) continue;
        const endpoint = endpoints[request.endpoint]!;
        const options = buildInject(endpoint, request, pools, users[request.who]);
        logged = undefined;
        const res = await app.inject(options);
        sent += 1;
        statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
        const what = `${options.method} ${options.url} as #${request.who} [${String(options.headers?.["content-type"] ?? "")}] ${String(options.payload ?? "").slice(0, 300)}`;
        const route = `${endpoint.method} ${endpoint.url}`;
        if (res.statusCode >= 500 && !expected5xx(endpoint, res)) {
          const cause = logged ?? res.body;
          fail(
            `${route} → ${res.statusCode} ${cause.split("\n")[0]!.slice(0, 160)}`,
            `${what}\n    ${cause}`,
          );
        }
        if (res.statusCode === 201) pools.harvest(safeJson(res));
        const refused = res.statusCode >= 400 && res.statusCode < 500;
        if (refused) {
          const defect = problemDefect(res, endpoint);
          if (defect) fail(`${route} → ${res.statusCode} ${defect}`, what);
        }
        if (await fingerprints.changedSince(print)) {
          const now = await fingerprints.take();
          if (refused && !REFUSAL_MAY_WRITE(endpoint, res.statusCode) && dataOf(now) !== dataOf(print)) {
            fail(
              `${route} → ${res.statusCode} changed the database`,
              `${what}\n${dataOf(print)}\n${dataOf(now)}`,
            );
          }
          print = now;
        }
      }
    }
    const seconds = (performance.now() - started) / 1000;
    const byStatus = [...statuses]
      .sort(([a], [b]) => a - b)
      .map(([s, n]) => `${s}×${n}`)
      .join(" ");
    console.log(
      `fuzz: ${sent} requests over ${endpoints.length} routes in ${seconds.toFixed(1)} s, seed ${SEED}: ${byStatus}`,
    );
    expect(sent).toBeGreaterThanOrEqual(REQUESTS);
    // A run that never gets past access or validation proves nothing: enough requests must be carried out.
    const succeeded = [...statuses].filter(([s]) => s < 300).reduce((n, [, c]) => n + c, 0);
    expect(succeeded).toBeGreaterThan(REQUESTS * 0.05);
    const report = [...failures].map(([key, f]) => `${key} (${f.count}×)\n    e.g. ${f.example}`);
    expect(report, `seed ${SEED}`).toEqual([]);
  }, 600_000);
});

function safeJson(res: LightMyRequestResponse): Record<string, unknown> | undefined {
  try {
    return res.json() as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

import { createHash, randomBytes, randomUUID } from "node:crypto";
import { once } from "node:events";
import { Worker } from "node:worker_threads";
import { v7 as uuidv7 } from "uuid";
import type { CreateCaseInput } from "../src/shared/cases.schema.js";
import { CREATE_CASE } from "./create.sql.js";
import type { ApiCreateJob } from "./create.worker.js";
import { log, request, runFor } from "./load.js";
import type { Sample } from "./seed.js";
import type { BenchServer } from "./server.js";
import type { SqlConnection } from "./sql.js";
import type { CreateResults, Throughput } from "./types.js";
import {
  CATEGORIES,
  CHANNEL_MIX,
  complaintText,
  FIRST_NAMES,
  LAST_NAMES,
  pick,
  REMEDIES,
  SEVERITY_MIX,
} from "./vocabulary.js";

const CLIENTS = [1, 8];
const WARM_UP_SECONDS = 2;

/** Numbers new customers' emails and phones, unique within a run (API and SQL share it). */
let newCustomers = 0;

/** The API's clients run in a thread of their own (create.worker.ts): they number from here, apart. */
export function numberNewCustomersFrom(first: number): void {
  newCustomers = first;
}

/** A realistic intake: half from a known customer (by email), half from a new one with email and phone. */
export function caseBody(sample: Sample): CreateCaseInput {
  const { summary, description } = complaintText();
  const name = `${pick(FIRST_NAMES)} ${pick(LAST_NAMES)}`;
  let customer: CreateCaseInput["customer"];
  if (Math.random() < 0.5 && sample.customerEmails.length) {
    customer = { name, email: pick(sample.customerEmails) };
  } else {
    newCustomers += 1;
    const n = String(newCustomers).padStart(8, "0");
    customer = { name, email: `new.customer${n}@bench.example`, phone: `+44 78${n}` };
  }
  const severity = pick(SEVERITY_MIX);
  return {
    type: "complaint",
    channel: pick(CHANNEL_MIX),
    customer,
    summary,
    description,
    category: Math.random() < 0.95 ? pick(CATEGORIES) : undefined,
    severity: severity === "none" ? undefined : severity,
    desiredRemedy: Math.random() < 0.4 ? pick(REMEDIES) : undefined,
    productRef:
      Math.random() < 0.5 ? `ORD-${Math.floor(Math.random() * 90_000_000) + 10_000_000}` : undefined,
  };
}

/** Measures (a) POST /api/v1/cases and (b) the same rows as one SQL statement, at 1 and 8 clients. */
export async function benchCreate(
  server: BenchServer,
  sample: Sample,
  seconds: number,
): Promise<CreateResults> {
  let workers = 0;
  const createViaApi = (clients: number, seconds: number) =>
    apiClientsInWorker({
      url: `${server.baseUrl}/api/v1/cases`,
      headers: server.headers,
      sample,
      clients,
      seconds,
      // The main thread's bare-SQL clients number new customers from 1; each worker from its own block.
      firstCustomerNumber: 50_000_000 + 1_000_000 * workers++,
    });
  const connections = await server.connect(Math.max(...CLIENTS));
  const createViaSql = (worker: number) => insertCase(connections[worker]!, server.userId, caseBody(sample));
  try {
    log("  warming up");
    await createViaApi(8, WARM_UP_SECONDS);
    await runFor(8, WARM_UP_SECONDS, createViaSql);
    const api: Throughput[] = [];
    const sql: Throughput[] = [];
    for (const clients of CLIENTS) {
      api.push(await createViaApi(clients, seconds));
      log(`  API create, ${clients} client(s): ${describe(api.at(-1)!)}`);
      sql.push(await runFor(clients, seconds, createViaSql));
      log(`  SQL create, ${clients} client(s): ${describe(sql.at(-1)!)}`);
    }
    const health = `${server.baseUrl}/healthz`;
    const httpFloor = await runFor(8, seconds, () => request(health, { headers: {} }));
    log(`  GET /healthz, 8 clients: ${describe(httpFloor)}`);
    return { api, sql, httpFloor };
  } finally {
    for (const connection of connections) await connection.close();
  }
}

/**
 * Runs the API's clients in a worker thread, as clients elsewhere would be: building bodies and parsing
 * answers does not take the server's event loop. Cases they create join `sample.created`.
 */
async function apiClientsInWorker(job: ApiCreateJob): Promise<Throughput> {
  // tsx's loader is per thread: the worker registers it, then loads its TypeScript.
  const entry = JSON.stringify(new URL("./create.worker.ts", import.meta.url).href);
  const boot = `import("tsx/esm/api").then((tsx) => { tsx.register(); return import(${entry}); })`;
  const worker = new Worker(boot, { eval: true, workerData: job });
  const [result] = (await once(worker, "message")) as [{ throughput: Throughput; created: string[] }];
  await worker.terminate();
  for (const reference of result.created) {
    if (job.sample.created.length < 5000) job.sample.created.push(reference);
  }
  return result.throughput;
}

function describe(t: Throughput): string {
  return `${t.perSecond}/s, p50 ${t.p50} ms, p95 ${t.p95} ms, p99 ${t.p99} ms, ${t.errors} errors`;
}

/** The audit trail's form of personal values: a salted digest in the event, the value and salt apart. */
function seal(changes: Record<string, unknown>, personal: readonly string[]) {
  const sealed: Record<string, { new: unknown }> = {};
  const stored: Record<string, { s: string; v: string }> = {};
  for (const [field, value] of Object.entries(changes)) {
    if (personal.includes(field) && typeof value === "string") {
      const salt = randomBytes(16).toString("hex");
      const digest = createHash("sha256").update(`${salt}:${value}`, "utf8").digest("hex");
      sealed[field] = { new: { $pd: digest } };
      stored[`${field}.new`] = { s: salt, v: value };
    } else {
      sealed[field] = { new: value ?? null };
    }
  }
  return {
    changes: JSON.stringify(sealed),
    values: Object.keys(stored).length ? JSON.stringify(stored) : null,
  };
}

const DAY_MS = 86_400_000;
/** The fields the app keeps as salted digests in the audit trail (CASE_PERSONAL_FIELDS, customers.service). */
const PERSONAL_CUSTOMER = ["name", "email", "phone"];
const PERSONAL_CASE = ["summary", "description", "desiredRemedy", "customerName"];

/** Bare-SQL create: the same input, one statement, one round trip. Deadlines are simple offsets here. */
export async function insertCase(sql: SqlConnection, userId: string, input: CreateCaseInput): Promise<void> {
  const now = new Date();
  const customer = input.customer!;
  const email = customer.email ?? null;
  const phoneNorm = customer.phone ? customer.phone.replace(/\s/g, "") : null;
  const level = input.severity === "critical" ? 3 : 1;
  const [acknowledgeDueAt, assignDueAt, resolveDueAt] = [1, 1, 7].map(
    (days) => new Date(now.getTime() + days * DAY_MS),
  );
  const customerAudit = seal(
    { name: customer.name, email, phone: customer.phone ?? null },
    PERSONAL_CUSTOMER,
  );
  const caseId = uuidv7();
  const caseAudit = seal(
    {
      type: input.type,
      status: "new",
      level,
      channel: input.channel,
      summary: input.summary,
      description: input.description,
      category: input.category ?? null,
      severity: input.severity ?? null,
      desiredRemedy: input.desiredRemedy ?? null,
      productRef: input.productRef ?? null,
      customerName: customer.name,
      receivedAt: now,
      loggedAt: now,
      receivedById: userId,
      loggedById: userId,
      policyVersion: 1,
      calendarVersion: 1,
      acknowledgeDueAt,
      assignDueAt,
      resolveDueAt,
    },
    PERSONAL_CASE,
  );
  const acknowledgment = acknowledgmentEmail(now, resolveDueAt!);
  // biome-ignore format: $1–$37 of CREATE_CASE, in order
  await sql.query(CREATE_CASE, [
    randomUUID(), customer.name, email, email?.toLowerCase() ?? null, customer.phone ?? null, phoneNorm, // $1–$6
    now, customerAudit.changes, customerAudit.values, userId, "bench-sql", // $7–$11
    input.type === "complaint" ? "CMP" : "INC", now.getUTCFullYear(), caseId, input.type, level, // $12–$16
    input.channel, input.summary, input.description, input.category ?? null, input.severity ?? null, // $17–$21
    input.desiredRemedy ?? null, input.productRef ?? null, 1, 1, // $22–$25 (policy and calendar versions)
    acknowledgeDueAt, assignDueAt, resolveDueAt, caseAudit.changes, caseAudit.values, // $26–$30
    createHash("sha256").update(randomBytes(32)).digest("hex"), uuidv7(), acknowledgment.subject, acknowledgment.text, // $31–$34
    `<${randomUUID()}@bench.example>`, uuidv7(), acknowledgment.html, // $35–$37
  ]);
}

/** The default acknowledgment's texts, merged as the API would ({reference} is filled in by the statement). */
function acknowledgmentEmail(receivedAt: Date, resolveDueAt: Date) {
  const when = (at: Date) => at.toUTCString();
  const text =
    `Thank you for telling us about this. We received your complaint on ${when(receivedAt)} and are looking ` +
    `into it.\n\nWe expect to give you our answer by ${when(resolveDueAt)}. If it will take longer, we will tell ` +
    `you why and when to expect it.\n\nFollow your complaint: https://bench.example/public/case/${randomBytes(32).toString("base64url")}`;
  return {
    subject: "We have received your complaint ({reference})",
    text,
    html: `<p>${text.replaceAll("\n\n", "</p><p>")}</p>`,
  };
}

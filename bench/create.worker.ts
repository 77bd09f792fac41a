import { parentPort, workerData } from "node:worker_threads";
import { caseBody, numberNewCustomersFrom } from "./create.js";
import { request, runFor } from "./load.js";
import type { Sample } from "./seed.js";

/** What create.ts asks of the API's clients. */
export interface ApiCreateJob {
  url: string;
  headers: Record<string, string>;
  sample: Sample;
  clients: number;
  seconds: number;
  /** The first number this thread gives a new customer (8 digits, apart from every other thread's). */
  firstCustomerNumber: number;
}

// A thread of create.ts's benchmark: `clients` closed-loop clients POST cases for `seconds`.
const job = workerData as ApiCreateJob;
const created: string[] = [];
numberNewCustomersFrom(job.firstCustomerNumber);
const throughput = await runFor(job.clients, job.seconds, async () => {
  const answer = await request<{ reference: string }>(job.url, {
    method: "POST",
    headers: job.headers,
    body: caseBody(job.sample),
    expect: 201,
  });
  if (created.length < 5000) created.push(answer.reference);
});
parentPort!.postMessage({ throughput, created });

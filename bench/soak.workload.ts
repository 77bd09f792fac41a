import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { type Answer, call, signInAdmin } from "../test/reliability/server-process.js";
import { caseBody } from "./create.js";
import type { Sample } from "./seed.js";
import { pick, randomWords, SEARCH_TERMS, weighted } from "./vocabulary.js";

/** Who drives the soak: staff in the web app (the first admin's session cookie) and an intake integration. */
export interface SoakClient {
  base: string;
  cookie: string;
  /** `Authorization` of an API token, as an integration logging complaints would use. */
  bearer: string;
  userId: string;
}

/** Signs in as the first admin (test/reliability/server-process.ts's ADMIN) and makes an API token. */
export async function connectClient(base: string): Promise<SoakClient> {
  const cookie = await signInAdmin(base);
  const me = await call(base, cookie, "GET", "/api/v1/session");
  const token = await call(base, cookie, "POST", "/api/v1/tokens", { name: "soak intake" });
  if (me.status !== 200 || token.status !== 201) throw new Error(`setup: ${me.status}, ${token.status}`);
  const userId = String((me.body!.user as { id: string }).id);
  return { base, cookie, bearer: `Bearer ${String(token.body!.token)}`, userId };
}

/**
 * The mix, in requests out of 100: intake, a case worked step by step through the procedure (oldest
 * first), queues, search, case pages and the rest of what staff read. A step with no case ready reads one.
 */
const MIX = weighted({
  create: 6,
  step: 34,
  list: 20,
  search: 10,
  case: 12,
  history: 5,
  correspondence: 3,
  dashboard: 5,
  notifications: 3,
  similar: 2,
});
export type Operation = (typeof MIX)[number] | "look";

/** Time for the acknowledgment email (outbox every 5 s) before someone first opens a new case. */
const FIRST_LOOK_AFTER_MS = 10_000;
const KNOWN_MAX = 5_000;

/** A case on its way through the procedure; `status` undefined: open its page first to see where it is. */
interface Journey {
  reference: string;
  readyAt: number;
  status: string | undefined;
  investigated: boolean;
  noted: boolean;
  verified: boolean;
  confirmed: boolean;
  busy: boolean;
}

/** One request: when it was due (seconds since the start), how long it took, what it got. */
export interface RequestRecord {
  at: number;
  ms: number;
  op: Operation;
  status: number | "no answer";
  /** "conflict": a 409 the procedure explains (the acknowledgment email acknowledged the case first). */
  outcome: "ok" | "conflict" | "error";
}

/** The soak's requests: each `next()` call sends one, chosen by MIX, and records it. */
export class Workload {
  readonly records: RequestRecord[] = [];
  readonly errorSamples: string[] = [];
  created = 0;
  closed = 0;
  private readonly journeys: Journey[] = [];
  private readonly known: string[] = [];
  private readonly sample: Sample = { references: [], customerEmails: [], staffIds: [], created: [] };
  private origin = performance.now();

  constructor(private readonly client: SoakClient) {}

  /** Creates `count` cases, `clients` at a time, before the timed part: lists and search have rows. */
  async prefill(count: number, clients = 4): Promise<void> {
    let left = count;
    await Promise.all(
      Array.from({ length: clients }, async () => {
        while (left-- > 0) {
          const answer = await this.create(0);
          if (answer.status !== 201)
            throw new Error(`prefill: ${answer.status} ${JSON.stringify(answer.body)}`);
        }
      }),
    );
  }

  /** From now on, `at` counts from here. */
  start(): void {
    this.origin = performance.now();
  }

  /** Sends one request due at `dueAt` (a performance.now() instant); its latency counts from then. */
  async next(dueAt: number): Promise<void> {
    let op: Operation = pick(MIX);
    let send: () => Promise<Answer>;
    let after: (answer: Answer) => void = () => {};
    const journey = op === "step" ? this.readyJourney() : undefined;
    if (journey) {
      journey.busy = true;
      const step = this.stepOf(journey);
      op = step.op;
      send = step.send;
      after = (answer) => {
        journey.busy = false;
        step.after(answer);
      };
    } else if (op === "create") {
      send = () => this.create(this.records.length);
    } else {
      if (op === "step") op = "case";
      send = this.read(op);
    }
    const answer = await send();
    const ms = performance.now() - dueAt;
    const outcome = classify(op, answer);
    after(answer);
    this.records.push({ at: (dueAt - this.origin) / 1000, ms, op, status: answer.status, outcome });
    if (outcome === "error" && this.errorSamples.length < 10) {
      this.errorSamples.push(`${op}: ${answer.status} ${JSON.stringify(answer.body ?? {}).slice(0, 300)}`);
    }
  }

  private get(path: string): () => Promise<Answer> {
    return () => call(this.client.base, this.client.cookie, "GET", `/api/v1${path}`);
  }

  private post(path: string, body: unknown, method = "POST"): () => Promise<Answer> {
    return () => call(this.client.base, this.client.cookie, method, `/api/v1${path}`, body);
  }

  private async create(salt: number): Promise<Answer> {
    const body = caseBody(this.sample);
    const answer = await call(this.client.base, "", "POST", "/api/v1/cases", body, {
      authorization: this.client.bearer,
      "idempotency-key": `${randomUUID()}-${salt}`,
    });
    if (answer.status !== 201) return answer;
    const reference = String(answer.body!.reference);
    this.created += 1;
    remember(this.known, reference);
    // caseBody draws half its customers from these: they come back, and are matched by email.
    if (body.customer?.email) remember(this.sample.customerEmails, body.customer.email);
    this.journeys.push({
      reference,
      readyAt: performance.now() + FIRST_LOOK_AFTER_MS,
      status: undefined,
      investigated: false,
      noted: false,
      verified: false,
      confirmed: false,
      busy: false,
    });
    return answer;
  }

  private read(op: Operation): () => Promise<Answer> {
    const ref = () => encodeURIComponent(this.known.length ? pick(this.known) : "CMP-2026-000001");
    switch (op) {
      case "list":
        return this.get(`/cases?limit=50${pick(this.queues())}`);
      case "search": {
        const word = Math.random() < 0.5 ? pick(Object.values(SEARCH_TERMS)) : randomWords(1);
        return this.get(`/cases?limit=50&q=${encodeURIComponent(word)}`);
      }
      case "history":
        return this.get(`/cases/${ref()}/history`);
      case "correspondence":
        return this.get(`/cases/${ref()}/correspondence`);
      case "dashboard":
        return this.get("/dashboard");
      case "notifications":
        return this.get("/notifications");
      case "similar":
        return this.get(`/cases/${ref()}/similar`);
      default:
        return this.get(`/cases/${ref()}`);
    }
  }

  /** The queues staff open: everything, new, mine, due soon, breached, high severity, level 3. */
  private queues(): string[] {
    return [
      "",
      "&status=open",
      "&status=new",
      `&owner=${this.client.userId}`,
      "&due=soon",
      "&due=breached",
      "&severity=high",
      "&level=3",
      "&channel=email&severity=high",
    ];
  }

  private readyJourney(): Journey | undefined {
    const now = performance.now();
    return this.journeys.find((j) => !j.busy && j.readyAt <= now);
  }

  /** The next request for a case, from where it is (DESIGN.md's procedure, one request per step). */
  private stepOf(j: Journey): { op: Operation; send: () => Promise<Answer>; after: (a: Answer) => void } {
    const path = `/cases/${encodeURIComponent(j.reference)}`;
    const moved = (answer: Answer) => {
      if (answer.status === 200) j.status = String(answer.body!.status);
      else j.status = undefined; // a conflict or an error: look again before the next step
      if (j.status === "closed") {
        this.journeys.splice(this.journeys.indexOf(j), 1);
        this.closed += 1;
      }
    };
    const step = (action: string, body: unknown, mark?: () => void) => ({
      op: "step" as const,
      send: this.post(`${path}/${action}`, body),
      after: (answer: Answer) => {
        if (answer.status === 200) mark?.();
        moved(answer);
      },
    });
    switch (j.status) {
      case undefined:
        return { op: "look", send: this.get(path), after: moved };
      case "new":
        return step("acknowledge", {});
      case "acknowledged":
        return step("assign", { ownerId: this.client.userId });
      case "assigned":
        return step("start-investigation", {});
      case "investigating":
        if (!j.investigated) {
          return {
            op: "step",
            send: this.post(`${path}/investigation`, INVESTIGATION, "PUT"),
            after: (answer) => {
              if (answer.status === 200) j.investigated = true;
              else j.status = undefined;
            },
          };
        }
        if (!j.noted) {
          return {
            op: "step",
            send: this.post(`${path}/correspondence`, CALL_NOTE),
            after: (answer) => {
              if (answer.status === 201) j.noted = true;
              else j.status = undefined;
            },
          };
        }
        return step("resolve", { outcome: "upheld", resolution: "Refunded the charge and apologised." });
      case "resolved":
        if (!j.verified) return step("verify", {}, () => (j.verified = true));
        if (!j.confirmed) {
          return step(
            "customer-confirmation",
            { confirmed: true, channel: "phone" },
            () => (j.confirmed = true),
          );
        }
        return step("close", {});
      default:
        // Not a status this walk leads to (archived?): look once more and let the case go.
        this.journeys.splice(this.journeys.indexOf(j), 1);
        return { op: "look", send: this.get(path), after: () => {} };
    }
  }
}

function remember(list: string[], item: string): void {
  list.push(item);
  if (list.length > KNOWN_MAX) list.shift();
}

const INVESTIGATION = {
  findings: "The charge was applied twice by the billing run.",
  rootCauseCategory: "process",
  rootCause: "The retry of a failed billing run did not check for charges already made.",
};
const CALL_NOTE = {
  kind: "call",
  direction: "outbound",
  body: "Called the customer to explain the findings.",
};

/** 2xx is ok; a 409 invalid_transition on a step is the procedure (someone moved the case first). */
export function classify(op: Operation, answer: Answer): RequestRecord["outcome"] {
  if (typeof answer.status === "number" && answer.status >= 200 && answer.status < 300) return "ok";
  if (op === "step" && answer.status === 409 && answer.body?.code === "invalid_transition") return "conflict";
  return "error";
}

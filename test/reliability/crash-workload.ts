import { randomUUID } from "node:crypto";
import { type Answer, call } from "./server-process.js";

/** What the server answered 2xx to: each of these must survive any crash that came after. */
export interface Acknowledged {
  creates: Map<string, { key: string; summary: string }>;
  /** The highest version a 2xx step answered with, per reference. */
  versions: Map<string, number>;
  /** Creates that got no answer (in flight at the kill): retried after restart with the same key. */
  unanswered: { key: string; input: Record<string, unknown> }[];
  /** Answers that are neither 2xx nor "no answer" nor a conflict: each one is a fault. */
  unexpected: string[];
}

export const emptyAcknowledged = (): Acknowledged => ({
  creates: new Map(),
  versions: new Map(),
  unanswered: [],
  unexpected: [],
});

/** Each case walks the procedure this far: every step a separate request, each a chance to be killed. */
const STEPS = (ownerId: string): [string, object][] => [
  ["acknowledge", {}],
  ["assign", { ownerId }],
  ["start-investigation", {}],
  ["resolve", { outcome: "upheld", resolution: "Refunded" }],
];

/**
 * One client: creates a complaint (with an Idempotency-Key, as a careful client does) and takes it through
 * the steps, until `running()` turns false or the server stops answering.
 */
export async function runClient(
  base: string,
  cookie: string,
  id: string,
  ownerId: string,
  running: () => boolean,
  seen: Acknowledged,
): Promise<void> {
  for (let i = 0; running(); i++) {
    const key = randomUUID();
    const summary = `crash ${id}-${i} ${key.slice(0, 8)}`;
    const input = {
      type: "complaint",
      channel: "phone",
      customer: { name: `Client ${id}-${i}`, email: `c-${key}@example.com` },
      summary,
      description: "Written under load, then the power went.",
    };
    const created = await call(base, cookie, "POST", "/api/v1/cases", input, { "idempotency-key": key });
    if (created.status === "no answer") {
      seen.unanswered.push({ key, input });
      return;
    }
    if (created.status !== 201) {
      seen.unexpected.push(`create: ${created.status} ${JSON.stringify(created.body)}`);
      return;
    }
    const reference = String(created.body!.reference);
    seen.creates.set(reference, { key, summary });
    for (const [action, body] of STEPS(ownerId)) {
      const answer: Answer = await call(base, cookie, "POST", `/api/v1/cases/${reference}/${action}`, body);
      if (answer.status === "no answer") return;
      if (answer.status !== 200) {
        // The acknowledgment email may have acknowledged the case first (on_sent): a 409 is the procedure.
        if (answer.status !== 409)
          seen.unexpected.push(`${action}: ${answer.status} ${JSON.stringify(answer.body)}`);
        break;
      }
      seen.versions.set(reference, Math.max(seen.versions.get(reference) ?? 0, Number(answer.body!.version)));
    }
  }
}

/** Every case the server holds, through the API (keyset pages of 100). */
export async function listAllCases(base: string, cookie: string): Promise<Map<string, number>> {
  const found = new Map<string, number>();
  let cursor: string | null = null;
  do {
    const page: Answer = await call(
      base,
      cookie,
      "GET",
      `/api/v1/cases?limit=100${cursor ? `&cursor=${cursor}` : ""}`,
    );
    if (page.status !== 200) throw new Error(`list: ${page.status} ${JSON.stringify(page.body)}`);
    const body = page.body as { items: { reference: string; version: number }[]; nextCursor: string | null };
    for (const item of body.items) found.set(item.reference, item.version);
    cursor = body.nextCursor;
  } while (cursor);
  return found;
}

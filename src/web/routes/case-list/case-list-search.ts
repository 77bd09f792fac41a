// The case list's state lives in the URL (?owner=me&due=soon&level=2…): bookmarkable, shareable, and the
// dashboard links straight to the list behind each number. Each key is a query parameter of GET /cases.
import {
  CASE_TYPES,
  type CaseType,
  CHANNELS,
  type Channel,
  LEVELS,
  type Level,
  SEVERITIES,
  type Severity,
} from "../../../shared/enums";

export interface CaseListSearch {
  owner?: string;
  /** Next deadline due soon or breached; `follow_up`: resolved, the follow-up contact not yet made. */
  due?: "soon" | "breached" | "follow_up";
  /** One or more statuses or seed statuses, comma-separated, as the API takes them. */
  status?: string;
  level?: Level;
  type?: CaseType;
  severity?: Severity;
  channel?: Channel;
  q?: string;
  /** A period of receipt (ISO instants), as the dashboard's weeks link to it. */
  receivedFrom?: string;
  receivedTo?: string;
}

const OPEN = "open,in_progress";

export const QUEUES = {
  mine: { owner: "me", status: OPEN },
  unassigned: { owner: "none", status: OPEN },
  soon: { due: "soon" },
  breached: { due: "breached" },
  followUps: { due: "follow_up" },
  open: { status: OPEN },
  all: {},
} as const satisfies Record<string, CaseListSearch>;
export type QueueKey = keyof typeof QUEUES;

/** The keys a queue sets; choosing another queue replaces these and keeps the other filters. */
const QUEUE_KEYS = ["owner", "due", "status"] as const;

const oneOf = <T extends string | number>(values: readonly T[], value: unknown): T | undefined =>
  values.find((v) => String(v) === String(value));

const STATUS_LIST = /^[a-z_]+(,[a-z_]+)*$/;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** Parses the URL's search into a CaseListSearch, dropping anything the API would refuse. */
export function parseCaseListSearch(raw: Record<string, unknown>): CaseListSearch {
  const out: CaseListSearch = {};
  if (typeof raw.owner === "string" && /^(me|none|[0-9a-f-]{36})$/.test(raw.owner)) out.owner = raw.owner;
  const due = oneOf(["soon", "breached", "follow_up"] as const, raw.due);
  if (due) out.due = due;
  if (typeof raw.status === "string" && STATUS_LIST.test(raw.status)) out.status = raw.status;
  const level = oneOf(LEVELS, raw.level);
  if (level) out.level = level;
  const type = oneOf(CASE_TYPES, raw.type);
  if (type) out.type = type;
  const severity = oneOf(SEVERITIES, raw.severity);
  if (severity) out.severity = severity;
  const channel = oneOf(CHANNELS, raw.channel);
  if (channel) out.channel = channel;
  if (typeof raw.q === "string" && raw.q.trim()) out.q = raw.q.trim().slice(0, 200);
  for (const key of ["receivedFrom", "receivedTo"] as const) {
    const value = raw[key];
    if (typeof value === "string" && ISO_INSTANT.test(value)) out[key] = value;
  }
  return out;
}

/** The queue the search shows, when its owner/due/status are exactly a queue's. */
export function queueOf(search: CaseListSearch): QueueKey | undefined {
  return (Object.keys(QUEUES) as QueueKey[]).find((key) => {
    const queue: CaseListSearch = QUEUES[key];
    return QUEUE_KEYS.every((k) => queue[k] === search[k]);
  });
}

/** The search for another queue with the same filters. */
export function withQueue(search: CaseListSearch, key: QueueKey): CaseListSearch {
  const rest: CaseListSearch = { ...search };
  for (const k of QUEUE_KEYS) delete rest[k];
  return { ...rest, ...QUEUES[key] };
}

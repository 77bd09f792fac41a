// The enumerations of the v1 API (DESIGN.md). Server and web import these; no Node imports here.

export const CASE_TYPES = ["complaint", "incident"] as const;
export type CaseType = (typeof CASE_TYPES)[number];

export const CHANNELS = ["phone", "email", "web", "in_person", "letter", "api"] as const;
export type Channel = (typeof CHANNELS)[number];

export const SEVERITIES = ["low", "medium", "high", "critical"] as const;
export type Severity = (typeof SEVERITIES)[number];

export const STATUSES = [
  "new",
  "acknowledged",
  "assigned",
  "investigating",
  "awaiting_customer",
  "resolved",
  "closed",
  "archived",
] as const;
export type Status = (typeof STATUSES)[number];

/** S0 §4.1: the seed statuses Open / In Progress / Closed, the coarse view of the lifecycle. */
export const SEED_STATUSES = {
  open: ["new", "acknowledged"],
  in_progress: ["assigned", "investigating", "awaiting_customer", "resolved"],
  closed: ["closed", "archived"],
} as const satisfies Record<string, readonly Status[]>;
export type SeedStatus = keyof typeof SEED_STATUSES;

export function seedStatusOf(status: Status): SeedStatus {
  for (const [seed, members] of Object.entries(SEED_STATUSES) as [SeedStatus, readonly Status[]][]) {
    if (members.includes(status)) return seed;
  }
  throw new Error(`status ${status} has no seed status`);
}

export const SEED_STATUS_LABELS: Record<SeedStatus, string> = {
  open: "Open",
  in_progress: "In Progress",
  closed: "Closed",
};

export const LEVELS = [1, 2, 3] as const;
export type Level = (typeof LEVELS)[number];

export const OUTCOMES = ["upheld", "partly_upheld", "not_upheld"] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const ROLES = ["agent", "manager", "senior", "quality", "records", "admin", "auditor"] as const;
export type Role = (typeof ROLES)[number];

export const URGENCIES = ["low", "normal", "high", "immediate"] as const;
export type Urgency = (typeof URGENCIES)[number];

/** The lifecycle steps of R3, each an endpoint `POST /api/v1/cases/{reference}/{action}`. */
export const CASE_ACTIONS = [
  "acknowledge",
  "assign",
  "start-investigation",
  "await-customer",
  "resume",
  "escalate",
  "resolve",
  "verify",
  "customer-confirmation",
  "close",
  "reopen",
  "archive",
] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

export const DEADLINE_STEPS = ["acknowledge", "assign", "resolve"] as const;
export type DeadlineStep = (typeof DEADLINE_STEPS)[number];

export const DEADLINE_STATES = ["on_track", "due_soon", "breached", "paused", "met", "missed"] as const;
export type DeadlineState = (typeof DEADLINE_STATES)[number];

export const CONFIRMATIONS = ["confirmed", "rejected", "not_applicable"] as const;
export type Confirmation = (typeof CONFIRMATIONS)[number];

export const ACTION_ITEM_STATUSES = ["open", "done", "waived"] as const;
export type ActionItemStatus = (typeof ACTION_ITEM_STATUSES)[number];

export const CORRESPONDENCE_KINDS = ["email", "call", "letter", "note", "in_person", "web"] as const;
export type CorrespondenceKind = (typeof CORRESPONDENCE_KINDS)[number];

export const DIRECTIONS = ["inbound", "outbound"] as const;
export type Direction = (typeof DIRECTIONS)[number];

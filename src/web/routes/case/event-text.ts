// Audit events in words: "case.start_investigation" → "Investigation started", changes as "field: a → b".

const EVENT_TEXT: Record<string, string> = {
  "case.created": "Case logged",
  "case.acknowledge": "Acknowledged",
  "case.assign": "Assigned",
  "case.start_investigation": "Investigation started",
  "case.await_customer": "Waiting for the customer",
  "case.resume": "Resumed",
  "case.escalate": "Escalated",
  "case.escalated": "Escalated automatically",
  "case.resolve": "Resolved",
  "case.verify": "Resolution verified",
  "case.customer_confirmation": "Customer's answer recorded",
  "case.close": "Closed",
  "case.reopen": "Reopened",
  "case.archive": "Archived",
  "case.assessed": "Assessment changed",
  "case.deadline_overridden": "Resolve deadline changed",
  "case.deadline_breached": "Deadline breached",
  "case.deadlines_recomputed": "Deadlines recomputed",
  "case.investigation_updated": "Investigation record updated",
  "case.action_item_added": "Action item added",
  "case.action_item_updated": "Action item updated",
  "case.correspondence_logged": "Correspondence logged",
  "case.message_sent": "Email to the customer queued",
  "email.resent": "Undelivered email sent again",
  "case.email_received": "Email received",
  "case.customer_message": "Message from the customer",
  "case.attachment_added": "File attached",
  "case.followed_up": "Followed up",
  "case.feedback_received": "Feedback received",
  "case.feedback_reminded": "Feedback reminder sent",
};

/** The event's name in words; an unknown one is made readable from its code. */
export function eventText(action: string): string {
  const known = EVENT_TEXT[action];
  if (known) return known;
  const words = action.replace(/^[a-z]+\./, "").replace(/[_.]/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export interface ShowOptions {
  /** Formats an ISO instant (in the organisation's zone). */
  time?: (iso: string) => string;
  /** Names of users by id, for `ownerId: <uuid>`. */
  names?: ReadonlyMap<string, string>;
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

function show(value: unknown, options: ShowOptions): string {
  if (value === null || value === undefined) return "—";
  if (typeof value === "object") {
    if ("$pd" in (value as object)) return "[personal data]";
    return JSON.stringify(value);
  }
  const text = String(value);
  if (options.time && ISO_INSTANT.test(text)) return options.time(text);
  const name = options.names?.get(text);
  if (name) return name;
  return text.length > 120 ? `${text.slice(0, 117)}…` : text;
}

/** "status: new → acknowledged" for each changed field (values the API gives as {old?, new?}). */
export function describeChanges(changes: Record<string, unknown>, options: ShowOptions = {}): string[] {
  return Object.entries(changes).map(([field, change]) => {
    if (change && typeof change === "object" && ("old" in change || "new" in change)) {
      const c = change as { old?: unknown; new?: unknown };
      return "old" in c
        ? `${field}: ${show(c.old, options)} → ${show(c.new, options)}`
        : `${field}: ${show(c.new, options)}`;
    }
    return `${field}: ${show(change, options)}`;
  });
}

/** The note a step was taken with, if any (acknowledge, resume, verify, close keep it in the changes). */
export function noteOf(changes: Record<string, unknown>): string | undefined {
  const note = changes.note;
  if (note && typeof note === "object" && "new" in note && typeof note.new === "string") return note.new;
  return undefined;
}

/** A line saying what a step changed that its name does not: to whom a case was assigned, and so on. */
export function eventDetail(
  action: string,
  changes: Record<string, unknown>,
  names: ReadonlyMap<string, string>,
) {
  const next = (field: string) => {
    const change = changes[field];
    return change && typeof change === "object" && "new" in change
      ? (change as { new: unknown }).new
      : undefined;
  };
  if (action === "case.assign") {
    const owner = next("ownerId");
    return typeof owner === "string" ? `to ${names.get(owner) ?? owner}` : undefined;
  }
  if (action === "case.escalate" || action === "case.escalated") {
    const level = next("level");
    return level === undefined ? undefined : `to level ${level}`;
  }
  return undefined;
}

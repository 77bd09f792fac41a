// Enum labels: one English word or phrase per value the API sends.
import type {
  CaseAction,
  CaseType,
  Channel,
  Confirmation,
  CorrespondenceKind,
  DeadlineState,
  DeadlineStep,
  Outcome,
  Role,
  SeedStatus,
  Severity,
  Status,
  Urgency,
} from "../../shared/enums";

export const caseTypeLabel: Record<CaseType, string> = { complaint: "Complaint", incident: "Incident" };

export const channelLabel: Record<Channel, string> = {
  phone: "Phone",
  email: "Email",
  web: "Web form",
  in_person: "In person",
  letter: "Letter",
  api: "Integration",
};

export const severityLabel: Record<Severity, string> = {
  low: "Low",
  medium: "Medium",
  high: "High",
  critical: "Critical",
};

export const urgencyLabel: Record<Urgency, string> = {
  low: "Low",
  normal: "Normal",
  high: "High",
  immediate: "Immediate",
};

export const statusLabel: Record<Status, string> = {
  new: "New",
  acknowledged: "Acknowledged",
  assigned: "Assigned",
  investigating: "Investigating",
  awaiting_customer: "Awaiting customer",
  resolved: "Resolved",
  closed: "Closed",
  archived: "Archived",
};

export const seedStatusLabel: Record<SeedStatus, string> = {
  open: "Open",
  in_progress: "In progress",
  closed: "Closed",
};

export const outcomeLabel: Record<Outcome, string> = {
  upheld: "Upheld",
  partly_upheld: "Partly upheld",
  not_upheld: "Not upheld",
};

export const roleLabel: Record<Role, string> = {
  agent: "Agent",
  manager: "Manager",
  senior: "Senior manager",
  quality: "Quality",
  records: "Records",
  admin: "Administrator",
  auditor: "Auditor",
};

export const actionLabel: Record<CaseAction, string> = {
  acknowledge: "Acknowledge",
  assign: "Assign",
  "start-investigation": "Start investigation",
  "await-customer": "Wait for customer",
  resume: "Resume",
  escalate: "Escalate",
  resolve: "Resolve",
  verify: "Verify",
  "customer-confirmation": "Record customer's answer",
  close: "Close",
  reopen: "Reopen",
  archive: "Archive",
};

/** One sentence in each step's dialog: what happens when it is confirmed. */
export const actionHelp: Record<CaseAction, string> = {
  acknowledge: "Record that the customer has been told we have their complaint.",
  assign: "Give the case an owner, who investigates and resolves it. They are notified.",
  "start-investigation": "The owner starts looking into the case.",
  "await-customer": "Wait for the customer. The resolve deadline stops until they answer.",
  resume: "The customer answered: the resolve deadline moves on by the time waited.",
  escalate: "Raise the case one level. The people at that level are notified.",
  resolve: "Record the outcome and what was done. A manager verifies it before the customer is asked.",
  verify: "Check and approve the resolution.",
  "customer-confirmation":
    "Record whether the customer accepts the resolution. A rejection reopens the investigation.",
  close: "Close the case. Possible once nothing blocks it (see the Closure tab).",
  reopen: "Reopen a resolved or closed case, with the reason.",
  archive: "Archive the closed case: its file becomes a read-only record for records, auditors and admins.",
};

export const deadlineStepLabel: Record<DeadlineStep, string> = {
  acknowledge: "Acknowledge",
  assign: "Assign",
  resolve: "Resolve",
};

export const deadlineStateLabel: Record<DeadlineState, string> = {
  on_track: "On track",
  due_soon: "Due soon",
  breached: "Breached",
  paused: "Paused",
  met: "Met",
  missed: "Missed",
};

export const confirmationLabel: Record<Confirmation, string> = {
  confirmed: "Confirmed by the customer",
  rejected: "Rejected by the customer",
  not_applicable: "Not applicable",
};

export const correspondenceKindLabel: Record<CorrespondenceKind, string> = {
  email: "Email",
  call: "Call",
  letter: "Letter",
  note: "Note",
  in_person: "In person",
  web: "Web",
};

import { addBusinessMinutes, type BusinessCalendar, standardDayMinutes } from "./sla.calendar.js";

/**
 * The timelines and escalation rules of one policy version (R4, R5). Deadlines and levels come from
 * here, never from constants in services, so a regime can bring its own later.
 */
export interface Policy {
  /** SOP 001 §7: acknowledge within 24 hours (SOP 004 says 1 business day: set businessTime). */
  acknowledge: { hours: number; businessTime: boolean };
  /** SOP 001 §7: assign an owner within 1 business day. */
  assignBusinessDays: number;
  /** SOP 001 §7: resolve within 5 business days. */
  resolveBusinessDays: number;
  /** A deadline is "due soon" when less than this share of its time is left. */
  dueSoonPercent: number;
  /** SOP 004 §5: L2 after 2 business days unresolved, L3 after 4. */
  escalation: { level2BusinessDays: number; level3BusinessDays: number };
  /** R5: a customer's complaint in a category with `count` earlier ones in `windowDays` is recurring → L3. */
  recurrence: { count: number; windowDays: number };
  /** R3: a resolved or closed case may be reopened within this many days. */
  reopenWindowDays: number;
  /** R8: four-eyes: the manager who verifies must not be the one who resolved. */
  fourEyesVerification: boolean;
  /** R6: the root-cause categories an investigation chooses from. */
  rootCauseCategories: string[];
  /** R7: email the acknowledgment (with the expected date) as soon as a complaint with an email is logged. */
  autoAcknowledge: boolean;
  /** SOP 004 §4 "Follow-up": contact the customer this many business days after resolution (0: none). */
  followUpBusinessDays: number;
  /** R9: invite the customer to the survey on closure; remind once after `reminderDays`; expire after `expiryDays`. */
  feedback: { invite: boolean; reminderDays: number; expiryDays: number };
  /** R13: the monthly quality sample of closed cases: a number of cases, or a percentage of those closed. */
  sampling: { rule: "count" | "percent"; value: number };
  /** R10: how long case records are kept, per case type; when closed cases are archived (0 days: by hand only). */
  retention: RetentionPolicy;
}

/** R10 / GDPR Art 5(1)(e): keep a case `years` from its closure (or receipt); `legalDuty`: Art 17(3)(b) applies. */
export interface RetentionRule {
  years: number;
  from: "closed" | "received";
  legalDuty: boolean;
}

export interface RetentionPolicy {
  complaint: RetentionRule;
  incident: RetentionRule;
  autoArchiveDays: number;
  /** R11: a view of an archived case must give a reason (header `X-Access-Reason`). */
  viewReasonRequired: boolean;
}

export const DEFAULT_RETENTION: RetentionPolicy = {
  complaint: { years: 6, from: "closed", legalDuty: true },
  incident: { years: 6, from: "closed", legalDuty: true },
  autoArchiveDays: 30,
  viewReasonRequired: false,
};

export const DEFAULT_POLICY: Policy = {
  acknowledge: { hours: 24, businessTime: false },
  assignBusinessDays: 1,
  resolveBusinessDays: 5,
  dueSoonPercent: 25,
  escalation: { level2BusinessDays: 2, level3BusinessDays: 4 },
  recurrence: { count: 2, windowDays: 90 },
  reopenWindowDays: 30,
  autoAcknowledge: true,
  followUpBusinessDays: 3,
  feedback: { invite: true, reminderDays: 7, expiryDays: 30 },
  sampling: { rule: "count", value: 10 },
  retention: DEFAULT_RETENTION,
  fourEyesVerification: false,
  rootCauseCategories: [
    "process",
    "people",
    "product",
    "system",
    "supplier",
    "communication",
    "policy",
    "external",
    "no fault found",
  ],
};

export interface Deadlines {
  acknowledge: Date;
  assign: Date;
  resolve: Date;
}

/** R4: the three deadlines of a case, all counted from its receipt. */
export function computeDeadlines(policy: Policy, calendar: BusinessCalendar, receivedAt: Date): Deadlines {
  const day = standardDayMinutes(calendar);
  const acknowledge = policy.acknowledge.businessTime
    ? addBusinessMinutes(calendar, receivedAt, policy.acknowledge.hours * 60)
    : new Date(receivedAt.getTime() + policy.acknowledge.hours * 3600_000);
  return {
    acknowledge,
    assign: addBusinessMinutes(calendar, receivedAt, policy.assignBusinessDays * day),
    resolve: addBusinessMinutes(calendar, receivedAt, policy.resolveBusinessDays * day),
  };
}

import { DateTime } from "luxon";
import type { CaseType } from "../../shared/enums.js";
import type { RetentionPolicy, RetentionRule } from "../sla/sla.policy.js";

/**
 * R10: retention arithmetic, pure. A case is kept `years` from its closure (or its receipt) — S0 §6
 * "[X] years", default 6 — and comes up for disposal after that, unless a legal hold stops it.
 */

interface Dated {
  type: CaseType;
  receivedAt: Date;
  closedAt: Date | null;
}

/** When a case's retention ends; null while it is not closed and the rule counts from closure. */
export function retainUntil(rule: RetentionRule, c: Dated): Date | null {
  const start = rule.from === "closed" ? c.closedAt : c.receivedAt;
  if (!start) return null;
  // Whole months, so that "6 years" ends on the anniversary and 0.25 years is three months.
  const months = Math.round(rule.years * 12);
  return DateTime.fromJSDate(start, { zone: "utc" }).plus({ months }).toJSDate();
}

export function ruleFor(policy: RetentionPolicy, type: CaseType): RetentionRule {
  return policy[type];
}

/** The rule in words, as the case and the disposal register show it: "complaint: 6 years from closure". */
export function describeRule(type: CaseType, rule: RetentionRule): string {
  const years = rule.years === 1 ? "1 year" : `${rule.years} years`;
  const from = rule.from === "closed" ? "closure" : "receipt";
  return `${type}: ${years} from ${from}${rule.legalDuty ? " (legal duty)" : ""}`;
}

/** Past retention at `now` (and closed: an open case is never due for disposal). */
export function isPastRetention(rule: RetentionRule, c: Dated, now: Date): boolean {
  const until = retainUntil(rule, c);
  return c.closedAt !== null && until !== null && until.getTime() <= now.getTime();
}

export interface RetentionPreset {
  name: string;
  description: string;
  complaint: RetentionRule;
  incident: RetentionRule;
}

/**
 * Named starting points for the policy's `retention` (COMPLIANCE.md §6): the organisation's default, FCA
 * DISP 1.9.1R (complaint records at least 3 years from receipt), and a device maker's 21 CFR 820.180(b) /
 * ISO 13485 4.2.5 (the device's expected lifetime, and at least 2 years).
 */
export function retentionPresets(deviceLifetimeYears = 2): RetentionPreset[] {
  const device = Math.max(2, deviceLifetimeYears);
  return [
    {
      name: "standard",
      description: "S0 §6 default: 6 years from closure, a legal duty",
      complaint: { years: 6, from: "closed", legalDuty: true },
      incident: { years: 6, from: "closed", legalDuty: true },
    },
    {
      name: "fca",
      description: "FCA DISP 1.9.1R: complaint records for 3 years from receipt",
      complaint: { years: 3, from: "received", legalDuty: true },
      incident: { years: 3, from: "closed", legalDuty: false },
    },
    {
      name: "device",
      description: `21 CFR 820.180(b) / ISO 13485 4.2.5: the device's expected life, at least 2 years (${device} years)`,
      complaint: { years: device, from: "closed", legalDuty: true },
      incident: { years: device, from: "closed", legalDuty: true },
    },
  ];
}

/** R10: what the case shows about keeping its record (rule, end of retention, hold, disposal). */
export function caseRetentionView(
  c: Dated & { legalHoldAt: Date | null; disposedAt: Date | null },
  policy: RetentionPolicy,
) {
  const rule = ruleFor(policy, c.type);
  return {
    rule: describeRule(c.type, rule),
    until: retainUntil(rule, c)?.toISOString() ?? null,
    legalHold: c.legalHoldAt !== null,
    disposedAt: c.disposedAt?.toISOString() ?? null,
  };
}

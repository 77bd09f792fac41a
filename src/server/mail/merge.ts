import { DateTime } from "luxon";
import type { CaseRow } from "../cases/cases.queries.js";
import type { Config } from "../config.js";
import type { MergeData } from "./templates.js";

/** Statuses and outcomes as a customer reads them. */
export const STATUS_WORDS: Record<string, string> = {
  new: "received",
  acknowledged: "received",
  assigned: "being looked into",
  investigating: "being looked into",
  awaiting_customer: "waiting for information from you",
  resolved: "answered",
  closed: "closed",
  archived: "closed",
  upheld: "upheld",
  partly_upheld: "partly upheld",
  not_upheld: "not upheld",
};

/** A time as a customer reads it, in the organisation's time zone: "Monday 9 March 2026, 17:00 GMT". */
export function customerTime(at: Date, zone: string): string {
  return DateTime.fromJSDate(at, { zone }).setLocale("en-GB").toFormat("cccc d LLLL yyyy, HH:mm ZZZZ");
}

/** The merge fields of a case (R7), with dates in the organisation's time zone. */
export function caseMergeData(
  c: Pick<
    CaseRow,
    | "reference"
    | "summary"
    | "receivedAt"
    | "status"
    | "outcome"
    | "resolutionNotes"
    | "acknowledgeDueAt"
    | "resolveDueAt"
  >,
  customerName: string | null,
  zone: string,
  config: Config,
): MergeData {
  return {
    "org.name": config.orgName,
    "case.reference": c.reference,
    "case.summary": c.summary,
    "case.receivedAt": customerTime(c.receivedAt, zone),
    "case.status": STATUS_WORDS[c.status] ?? c.status,
    "case.outcome": c.outcome ? (STATUS_WORDS[c.outcome] ?? c.outcome) : "",
    "case.resolution": c.resolutionNotes ?? "",
    "customer.name": customerName ?? "customer",
    "deadlines.acknowledge": customerTime(c.acknowledgeDueAt, zone),
    "deadlines.resolve": customerTime(c.resolveDueAt, zone),
  };
}

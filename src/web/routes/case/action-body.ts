// What each lifecycle step asks for (DESIGN.md "Action bodies"), and how the dialog's values become its body.
import type { CaseAction, Channel, Outcome } from "../../../shared/enums";

export interface ActionValues {
  note: string;
  reason: string;
  ownerId: string;
  outcome: Outcome | "";
  resolution: string;
  /** Major units as typed ("25.50"); sent as minor units. */
  remedyAmount: string;
  remedyCurrency: string;
  answer: "confirmed" | "rejected" | "not_applicable";
  channel: Channel;
  notApplicableReason: string;
}

export const emptyActionValues = (): ActionValues => ({
  note: "",
  reason: "",
  ownerId: "",
  outcome: "",
  resolution: "",
  remedyAmount: "",
  remedyCurrency: "GBP",
  answer: "confirmed",
  channel: "phone",
  notApplicableReason: "",
});

export type ActionField = "note" | "reason" | "owner" | "resolution" | "confirmation";

/** The fields each step's dialog shows. */
export const ACTION_FIELDS: Record<CaseAction, ActionField | null> = {
  acknowledge: "note",
  assign: "owner",
  "start-investigation": null,
  "await-customer": "reason",
  resume: "note",
  escalate: "reason",
  resolve: "resolution",
  verify: "note",
  "customer-confirmation": "confirmation",
  close: "note",
  reopen: "reason",
  archive: "reason",
};

const given = (value: string) => value.trim() || undefined;

/** "25.50" → 2550; undefined when blank; NaN when not a amount (the server then names the field). */
export function toMinorUnits(amount: string): number | undefined {
  const trimmed = amount.trim().replace(/,/g, "");
  if (!trimmed) return undefined;
  if (!/^\d+(\.\d{1,2})?$/.test(trimmed)) return Number.NaN;
  return Math.round(Number(trimmed) * 100);
}

/** The request body of a step from the dialog's values; only what the step takes. */
export function actionBody(action: CaseAction, v: ActionValues): Record<string, unknown> {
  switch (ACTION_FIELDS[action]) {
    case "note":
      return given(v.note) ? { note: v.note.trim() } : {};
    case "reason":
      // Archiving takes an optional reason; the other steps need one (the server names it when blank).
      return action === "archive" && !given(v.reason) ? {} : { reason: v.reason.trim() };
    case "owner":
      return { ownerId: v.ownerId };
    case "resolution": {
      const amountMinor = toMinorUnits(v.remedyAmount);
      return {
        outcome: v.outcome || undefined,
        resolution: v.resolution.trim(),
        ...(amountMinor === undefined
          ? {}
          : { remedy: { amountMinor, currency: v.remedyCurrency.trim().toUpperCase() } }),
      };
    }
    case "confirmation":
      if (v.answer === "not_applicable") return { notApplicableReason: v.notApplicableReason.trim() };
      return {
        confirmed: v.answer === "confirmed",
        channel: v.channel,
        ...(given(v.note) ? { note: v.note.trim() } : {}),
      };
    default:
      return {};
  }
}

/** The dialog field an API error names ("remedy.amountMinor" → remedyAmount). */
export function fieldOfError(field: string): keyof ActionValues | undefined {
  const map: Record<string, keyof ActionValues> = {
    note: "note",
    reason: "reason",
    ownerId: "ownerId",
    outcome: "outcome",
    resolution: "resolution",
    "remedy.amountMinor": "remedyAmount",
    "remedy.currency": "remedyCurrency",
    remedy: "remedyAmount",
    channel: "channel",
    notApplicableReason: "notApplicableReason",
  };
  return map[field];
}

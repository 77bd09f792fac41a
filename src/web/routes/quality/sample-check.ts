// R13: the five checks of a sampled case (SOP 003 §6) and the body of PUT /samples/{month}/items/{id}.
export const CHECKLIST_ITEMS = [
  "fieldsComplete",
  "deadlinesMetOrExplained",
  "customerInformed",
  "closureJustified",
  "recordsAttached",
] as const;
export type ChecklistItem = (typeof CHECKLIST_ITEMS)[number];

export interface SampleCheckValues {
  checklist: Record<ChecklistItem, boolean>;
  notes: string;
  raiseCapa: boolean;
  capaTitle: string;
  capaDueDate: string;
  capaOwnerId: string;
}

export const emptySampleCheck = (): SampleCheckValues => ({
  checklist: Object.fromEntries(CHECKLIST_ITEMS.map((k) => [k, false])) as Record<ChecklistItem, boolean>,
  notes: "",
  raiseCapa: false,
  capaTitle: "",
  capaDueDate: "",
  capaOwnerId: "",
});

/** Any unticked check fails the case: only then may a CAPA be raised from it. */
export const failsCheck = (v: SampleCheckValues) => CHECKLIST_ITEMS.some((k) => !v.checklist[k]);

export interface SampleCheckBody {
  checklist: Record<ChecklistItem, boolean>;
  notes?: string;
  capa?: { title: string; dueDate: string; ownerId?: string };
}

export function sampleCheckBody(v: SampleCheckValues): SampleCheckBody {
  const body: SampleCheckBody = { checklist: { ...v.checklist } };
  if (v.notes.trim()) body.notes = v.notes.trim();
  if (v.raiseCapa && failsCheck(v)) {
    body.capa = {
      title: v.capaTitle.trim(),
      dueDate: v.capaDueDate,
      ...(v.capaOwnerId ? { ownerId: v.capaOwnerId } : {}),
    };
  }
  return body;
}

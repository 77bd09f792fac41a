import type { ActionItemRow } from "./investigation.queries.js";

export function toActionItemView({ item, ownerName }: { item: ActionItemRow; ownerName: string | null }) {
  return {
    id: item.id,
    text: item.text,
    ownerId: item.ownerId,
    ownerName,
    dueDate: item.dueDate,
    status: item.status,
    doneAt: item.doneAt?.toISOString() ?? null,
    waivedReason: item.waivedReason,
    createdAt: item.createdAt.toISOString(),
  };
}

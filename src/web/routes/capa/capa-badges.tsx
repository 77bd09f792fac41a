import { Badge, Group, type MantineColor } from "@mantine/core";
import type { Schemas } from "../../api/client";
import { t } from "../../strings";
import type { CapaStatus } from "./capa-search";

const STATUS_COLOR: Record<CapaStatus, MantineColor> = {
  open: "blue",
  in_progress: "violet",
  implemented: "teal",
  effective: "green",
  not_effective: "red",
};

export function CapaStatusBadge({ status }: { status: CapaStatus }) {
  return (
    <Badge color={STATUS_COLOR[status]} variant="light" autoContrast style={{ minWidth: "max-content" }}>
      {t.capa.statuses[status]}
    </Badge>
  );
}

/** "Overdue" and "Check due": what needs someone now. */
export function CapaAttention({ capa }: { capa: Pick<Schemas["Capa"], "overdue" | "checkDue"> }) {
  if (!capa.overdue && !capa.checkDue) return null;
  return (
    <Group gap={4} wrap="nowrap">
      {capa.overdue && (
        <Badge color="red.9" variant="filled">
          {t.capa.overdue}
        </Badge>
      )}
      {capa.checkDue && (
        <Badge color="orange" variant="light" autoContrast>
          {t.capa.checkDue}
        </Badge>
      )}
    </Group>
  );
}

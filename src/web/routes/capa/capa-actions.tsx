import { Alert, Button, Group, Stack } from "@mantine/core";
import { useState } from "react";
import { api, ifMatch, type Schemas } from "../../api/client";
import { data, errorMessage } from "../../api/problem";
import { t } from "../../strings";
import { useCapaChange } from "./capa-change";
import { CAPA_MOVES, canRecordCheck } from "./capa-moves";
import { EditCapaDialog } from "./edit-capa-dialog";
import { EffectivenessDialog } from "./effectiveness-dialog";
import { LinkCasesDialog } from "./link-cases-dialog";

type Dialog = "edit" | "link" | "check" | null;
type ManualStatus = "open" | "in_progress" | "implemented";

/** What may be done with a CAPA now: edit it, move its status, link cases, record its effectiveness check. */
export function CapaActions({ capa }: { capa: Schemas["Capa"] }) {
  const [dialog, setDialog] = useState<Dialog>(null);
  const c = t.capa;
  const move = useCapaChange<ManualStatus>(
    capa,
    (status) =>
      data(
        api.PATCH("/api/v1/capas/{reference}", {
          params: { path: { reference: capa.reference } },
          body: { status },
          headers: ifMatch(capa.version),
        }),
      ),
    (updated) => c.moved(c.statuses[updated.status]!.toLowerCase()),
  );
  const finished = capa.status === "effective";
  const close = () => setDialog(null);

  return (
    <Stack gap="xs" component="section" aria-label={c.actions}>
      <Group gap="xs">
        {canRecordCheck(capa.status) && (
          <Button variant={capa.checkDue ? "filled" : "default"} onClick={() => setDialog("check")}>
            {c.recordCheck}
          </Button>
        )}
        {CAPA_MOVES[capa.status].map((status) => (
          <Button
            key={status}
            variant="default"
            loading={move.isPending && move.variables === status}
            onClick={() => move.mutate(status)}
          >
            {c.moveTo(c.statuses[status]!.toLowerCase())}
          </Button>
        ))}
        {!finished && (
          <Button variant="default" onClick={() => setDialog("edit")}>
            {c.edit}
          </Button>
        )}
        <Button variant="subtle" onClick={() => setDialog("link")}>
          {c.linkCases}
        </Button>
      </Group>
      {move.isError && (
        <Alert color="red" role="alert">
          {errorMessage(move.error)}
        </Alert>
      )}
      {dialog === "edit" && <EditCapaDialog capa={capa} onClose={close} />}
      {dialog === "link" && <LinkCasesDialog capa={capa} onClose={close} />}
      {dialog === "check" && <EffectivenessDialog capa={capa} onClose={close} />}
    </Stack>
  );
}

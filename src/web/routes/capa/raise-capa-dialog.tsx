import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import { useState } from "react";
import { api, idempotencyKey } from "../../api/client";
import { data, fieldErrors } from "../../api/problem";
import { FormDialog } from "../../components/form-dialog";
import { t } from "../../strings";
import { CapaFields } from "./capa-fields";
import { type CapaValues, capaValues, createCapaBody } from "./capa-form";

const FIELDS = [
  "title",
  "description",
  "caseReferences",
  "caseReferences.0",
  "ownerId",
  "dueDate",
  "effectivenessCheckDate",
  "rootCauseCategory",
  "rootCause",
];

/** R6: raise a CAPA from the cases that showed the problem; then open its page. */
export function RaiseCapaDialog({ caseReferences, onClose }: { caseReferences: string[]; onClose(): void }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [values, setValues] = useState<CapaValues>(() => capaValues(undefined, caseReferences));
  const [key] = useState(idempotencyKey);
  const raise = useMutation({
    mutationFn: () => data(api.POST("/api/v1/capas", { body: createCapaBody(values), headers: key })),
    onSuccess: async (capa) => {
      await queryClient.invalidateQueries({ queryKey: ["capas"] });
      notifications.show({ color: "green", message: t.capa.raised(capa.reference) });
      onClose();
      await navigate({ to: "/capas/$reference", params: { reference: capa.reference } });
    },
  });
  return (
    <FormDialog
      title={t.capa.raise}
      help={t.capa.raiseHelp}
      submitLabel={t.capa.raise}
      pending={raise.isPending}
      error={raise.error}
      fields={FIELDS}
      onSubmit={() => raise.mutate()}
      onClose={onClose}
    >
      <CapaFields values={values} setValues={setValues} errors={fieldErrors(raise.error)} mode="raise" />
    </FormDialog>
  );
}

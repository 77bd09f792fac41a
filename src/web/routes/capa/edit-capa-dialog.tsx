import { useState } from "react";
import { api, ifMatch, type Schemas } from "../../api/client";
import { data, fieldErrors } from "../../api/problem";
import { FormDialog } from "../../components/form-dialog";
import { t } from "../../strings";
import { useCapaChange } from "./capa-change";
import { CapaFields } from "./capa-fields";
import { type CapaValues, capaPatch, capaValues } from "./capa-form";

const FIELDS = [
  "title",
  "description",
  "ownerId",
  "dueDate",
  "effectivenessCheckDate",
  "rootCauseCategory",
  "rootCause",
  "lessonsLearned",
];

/** Change what a CAPA says (PATCH with If-Match: a change made meanwhile by someone else is not lost). */
export function EditCapaDialog({ capa, onClose }: { capa: Schemas["Capa"]; onClose(): void }) {
  const [values, setValues] = useState<CapaValues>(() => capaValues(capa));
  const save = useCapaChange(
    capa,
    () =>
      data(
        api.PATCH("/api/v1/capas/{reference}", {
          params: { path: { reference: capa.reference } },
          body: capaPatch(capa, values),
          headers: ifMatch(capa.version),
        }),
      ),
    () => t.app.saved,
    onClose,
  );
  return (
    <FormDialog
      title={t.capa.editTitle}
      submitLabel={t.app.save}
      pending={save.isPending}
      error={save.error}
      fields={FIELDS}
      onSubmit={() => save.mutate()}
      onClose={onClose}
    >
      <CapaFields values={values} setValues={setValues} errors={fieldErrors(save.error)} mode="edit" />
    </FormDialog>
  );
}

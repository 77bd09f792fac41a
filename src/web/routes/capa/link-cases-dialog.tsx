import { TextInput } from "@mantine/core";
import { useState } from "react";
import { api, type Schemas } from "../../api/client";
import { data, fieldErrors } from "../../api/problem";
import { FormDialog } from "../../components/form-dialog";
import { t } from "../../strings";
import { useCapaChange } from "./capa-change";
import { parseReferences } from "./capa-form";

/** R6: more cases showing the same problem, linked to the CAPA (unknown references are refused by name). */
export function LinkCasesDialog({ capa, onClose }: { capa: Schemas["Capa"]; onClose(): void }) {
  const [text, setText] = useState("");
  const link = useCapaChange(
    capa,
    () =>
      data(
        api.POST("/api/v1/capas/{reference}/cases", {
          params: { path: { reference: capa.reference } },
          body: { caseReferences: parseReferences(text) },
        }),
      ),
    () => t.capa.linked,
    onClose,
  );
  const errors = fieldErrors(link.error);
  return (
    <FormDialog
      title={t.capa.linkCases}
      help={t.capa.linkHelp}
      submitLabel={t.capa.linkCases}
      pending={link.isPending}
      error={link.error}
      fields={["caseReferences", "caseReferences.0"]}
      onSubmit={() => link.mutate()}
      onClose={onClose}
    >
      <TextInput
        label={t.capa.casesField}
        description={t.capa.casesHint}
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        error={errors.caseReferences ?? errors["caseReferences.0"]}
        withAsterisk
        data-autofocus
      />
    </FormDialog>
  );
}

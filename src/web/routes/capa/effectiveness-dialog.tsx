import { Group, Radio, Textarea } from "@mantine/core";
import { useState } from "react";
import { api, ifMatch, type Schemas } from "../../api/client";
import { data, fieldErrors } from "../../api/problem";
import { FormDialog } from "../../components/form-dialog";
import { t } from "../../strings";
import { useCapaChange } from "./capa-change";

type Result = "effective" | "not_effective";

/** ISO 10002 8.6: on or after its date, did the action work? The server refuses earlier, and says so. */
export function EffectivenessDialog({ capa, onClose }: { capa: Schemas["Capa"]; onClose(): void }) {
  const [result, setResult] = useState<Result | "">("");
  const [evidence, setEvidence] = useState("");
  const [lessons, setLessons] = useState("");
  const check = useCapaChange(
    capa,
    () =>
      data(
        api.POST("/api/v1/capas/{reference}/effectiveness", {
          params: { path: { reference: capa.reference } },
          body: {
            result: result as Result,
            evidence: evidence.trim(),
            ...(lessons.trim() ? { lessonsLearned: lessons.trim() } : {}),
          },
          headers: ifMatch(capa.version),
        }),
      ),
    () => t.capa.checkRecorded,
    onClose,
  );
  const errors = fieldErrors(check.error);
  const c = t.capa;
  return (
    <FormDialog
      title={c.recordCheck}
      help={c.checkHelp}
      submitLabel={c.recordCheck}
      pending={check.isPending}
      error={check.error}
      fields={["result", "evidence", "lessonsLearned"]}
      onSubmit={() => check.mutate()}
      onClose={onClose}
    >
      <Radio.Group
        label={c.result}
        value={result}
        onChange={(v) => setResult(v as Result)}
        error={errors.result}
        withAsterisk
      >
        <Group gap="md" mt={6}>
          <Radio value="effective" label={c.results.effective} />
          <Radio value="not_effective" label={c.results.not_effective} />
        </Group>
      </Radio.Group>
      <Textarea
        label={c.evidence}
        value={evidence}
        onChange={(e) => setEvidence(e.currentTarget.value)}
        error={errors.evidence}
        withAsterisk
        autosize
        minRows={3}
      />
      <Textarea
        label={t.app.optional(c.lessonsLearned)}
        value={lessons}
        onChange={(e) => setLessons(e.currentTarget.value)}
        error={errors.lessonsLearned}
        autosize
        minRows={2}
      />
    </FormDialog>
  );
}

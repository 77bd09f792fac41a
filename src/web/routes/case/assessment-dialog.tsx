import { Alert, Button, Group, Modal, NativeSelect, Stack, Text, Textarea } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { SEVERITIES, type Severity, URGENCIES, type Urgency } from "../../../shared/enums";
import { api, type CaseView, ifMatch } from "../../api/client";
import { ApiError, data, errorMessage, fieldErrors } from "../../api/problem";
import { severityLabel, t, urgencyLabel } from "../../strings";

/** R5: severity, urgency and impact; a change is audited with its reason and may move the level. */
export function AssessmentDialog({ item, onClose }: { item: CaseView; onClose(): void }) {
  const queryClient = useQueryClient();
  const [values, setValues] = useState({
    severity: (item.severity ?? "") as Severity | "",
    urgency: (item.urgency ?? "") as Urgency | "",
    impact: item.impact ?? "",
    reason: "",
  });
  const assess = useMutation({
    mutationFn: () =>
      data(
        api.PUT("/api/v1/cases/{reference}/assessment", {
          params: { path: { reference: item.reference } },
          body: {
            severity: values.severity as Severity,
            ...(values.urgency ? { urgency: values.urgency } : {}),
            ...(values.impact.trim() ? { impact: values.impact.trim() } : {}),
            reason: values.reason.trim(),
          },
          headers: ifMatch(item.version),
        }),
      ),
    onSuccess: async (updated) => {
      queryClient.setQueryData(["case", item.reference], updated);
      await queryClient.invalidateQueries({ queryKey: ["case", item.reference] });
      await queryClient.invalidateQueries({ queryKey: ["cases"] });
      notifications.show({ color: "green", message: t.app.saved });
      onClose();
    },
    onError: async (error) => {
      if (error instanceof ApiError && error.status === 412) {
        await queryClient.invalidateQueries({ queryKey: ["case", item.reference] });
      }
    },
  });
  const errors = fieldErrors(assess.error);
  const a = t.assessment;

  return (
    <Modal opened onClose={onClose} title={a.title} size="lg">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          assess.mutate();
        }}
        noValidate
      >
        <Stack gap="md">
          <Text size="sm">{a.help}</Text>
          {assess.isError && Object.keys(errors).length === 0 && (
            <Alert color="red" role="alert">
              {errorMessage(assess.error)}
            </Alert>
          )}
          <Group grow align="flex-start">
            <NativeSelect
              label={a.severity}
              value={values.severity}
              onChange={(e) => setValues({ ...values, severity: e.currentTarget.value as Severity })}
              data={[
                { value: "", label: t.newCase.severityDefault, disabled: true },
                ...SEVERITIES.map((s) => ({ value: s, label: severityLabel[s] })),
              ]}
              error={errors.severity}
              withAsterisk
              data-autofocus
            />
            <NativeSelect
              label={a.urgency}
              value={values.urgency}
              onChange={(e) => setValues({ ...values, urgency: e.currentTarget.value as Urgency })}
              data={[
                { value: "", label: t.app.none },
                ...URGENCIES.map((u) => ({ value: u, label: urgencyLabel[u] })),
              ]}
              error={errors.urgency}
            />
          </Group>
          <Textarea
            label={a.impact}
            value={values.impact}
            onChange={(e) => setValues({ ...values, impact: e.currentTarget.value })}
            error={errors.impact}
            autosize
            minRows={2}
          />
          <Textarea
            label={t.actions.reason}
            value={values.reason}
            onChange={(e) => setValues({ ...values, reason: e.currentTarget.value })}
            error={errors.reason}
            autosize
            minRows={2}
            withAsterisk
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t.app.cancel}
            </Button>
            <Button type="submit" loading={assess.isPending}>
              {a.submit}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

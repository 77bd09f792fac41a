import { Alert, Button, Group, Modal, Stack, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { CaseAction } from "../../../shared/enums";
import { api, type CaseView, idempotencyKey, ifMatch } from "../../api/client";
import { ApiError, data, errorMessage } from "../../api/problem";
import { actionHelp, actionLabel, t } from "../../strings";
import { ACTION_FIELDS, type ActionValues, actionBody, emptyActionValues, fieldOfError } from "./action-body";
import { ActionFields } from "./action-fields";

interface Props {
  action: CaseAction;
  item: CaseView;
  onClose(): void;
}

/** One lifecycle step: what it does, the fields it needs, and the server's answer next to them. */
export function ActionDialog({ action, item, onClose }: Props) {
  const queryClient = useQueryClient();
  const [values, setValues] = useState<ActionValues>(emptyActionValues);
  const [key] = useState(idempotencyKey);

  const step = useMutation({
    mutationFn: () =>
      data(
        api.POST(`/api/v1/cases/{reference}/${action}` as "/api/v1/cases/{reference}/acknowledge", {
          params: { path: { reference: item.reference } },
          body: actionBody(action, values) as never,
          headers: { ...ifMatch(item.version), ...key },
        }),
      ),
    onSuccess: async (updated) => {
      queryClient.setQueryData(["case", item.reference], updated);
      await queryClient.invalidateQueries({ queryKey: ["case", item.reference] });
      await queryClient.invalidateQueries({ queryKey: ["cases"] });
      notifications.show({ color: "green", message: t.actions.done(actionLabel[action]) });
      onClose();
    },
    onError: async (error) => {
      // Someone else changed the case: show it as it is now; the user decides again.
      if (error instanceof ApiError && error.status === 412) {
        await queryClient.invalidateQueries({ queryKey: ["case", item.reference] });
      }
    },
  });

  const errors: Partial<Record<keyof ActionValues, string>> = {};
  const unplaced: string[] = [];
  if (step.error instanceof ApiError) {
    for (const e of step.error.problem.errors ?? []) {
      const field = fieldOfError(e.field);
      if (field && ACTION_FIELDS[action]) errors[field] ??= e.message;
      else unplaced.push(`${e.field} ${e.message}`);
    }
  }
  const stale = step.error instanceof ApiError && step.error.status === 412;
  const general = step.isError && Object.keys(errors).length === 0;

  return (
    <Modal opened onClose={onClose} title={actionLabel[action]} size="lg">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (!step.isPending) step.mutate();
        }}
        noValidate
      >
        <Stack gap="md">
          <Text size="sm">{actionHelp[action]}</Text>
          {general && (
            <Alert color="red" role="alert">
              {stale
                ? t.actions.staleVersion
                : unplaced.length
                  ? unplaced.join("; ")
                  : errorMessage(step.error)}
            </Alert>
          )}
          <ActionFields action={action} item={item} values={values} setValues={setValues} errors={errors} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t.app.cancel}
            </Button>
            <Button
              type="submit"
              loading={step.isPending}
              data-autofocus={ACTION_FIELDS[action] ? undefined : true}
            >
              {actionLabel[action]}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

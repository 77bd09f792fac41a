import {
  Alert,
  Button,
  Group,
  NativeSelect,
  Paper,
  Radio,
  Stack,
  Textarea,
  TextInput,
  Title,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouteContext } from "@tanstack/react-router";
import { useState } from "react";
import { api, type CaseView, idempotencyKey } from "../../api/client";
import { data, errorMessage, fieldErrors } from "../../api/problem";
import { correspondenceKindLabel, t } from "../../strings";
import { canCorrespond } from "./case-permissions";
import { TemplatedMessageForm } from "./templated-message-form";

const KINDS = ["call", "note", "letter", "in_person", "email"] as const;
type Kind = (typeof KINDS)[number];

/** R7: log what was said by phone, letter or in person, note something internal, or email the customer. */
export function CorrespondenceTab({ item }: { item: CaseView }) {
  const { user } = useRouteContext({ from: "/_app" });
  if (!canCorrespond(user)) return <Alert color="gray">{t.correspondence.readOnly}</Alert>;
  return (
    <Stack gap="lg">
      <LogCorrespondenceForm item={item} />
      <TemplatedMessageForm item={item} />
    </Stack>
  );
}

function LogCorrespondenceForm({ item }: { item: CaseView }) {
  const queryClient = useQueryClient();
  const empty = { kind: "call" as Kind, direction: "inbound", subject: "", body: "" };
  const [values, setValues] = useState(empty);
  const c = t.correspondence;

  const log = useMutation({
    mutationFn: () =>
      data(
        api.POST("/api/v1/cases/{reference}/correspondence", {
          params: { path: { reference: item.reference } },
          body: {
            kind: values.kind,
            ...(values.kind === "note" ? {} : { direction: values.direction as "inbound" | "outbound" }),
            ...(values.subject.trim() ? { subject: values.subject.trim() } : {}),
            body: values.body.trim(),
          },
          headers: idempotencyKey(),
        }),
      ),
    onSuccess: async () => {
      setValues(empty);
      await queryClient.invalidateQueries({ queryKey: ["case", item.reference] });
      notifications.show({ color: "green", message: c.logged });
    },
  });
  const errors = fieldErrors(log.error);

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="log-title">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          log.mutate();
        }}
      >
        <Stack gap="sm">
          <Title order={3} size="h5" id="log-title">
            {c.logTitle}
          </Title>
          {log.isError && Object.keys(errors).length === 0 && (
            <Alert color="red" role="alert">
              {errorMessage(log.error)}
            </Alert>
          )}
          <Group align="flex-end" gap="lg" wrap="wrap">
            <NativeSelect
              label={c.kind}
              value={values.kind}
              onChange={(e) => setValues({ ...values, kind: e.currentTarget.value as Kind })}
              data={KINDS.map((k) => ({ value: k, label: correspondenceKindLabel[k] }))}
            />
            {values.kind !== "note" && (
              <Radio.Group
                label={c.direction}
                value={values.direction}
                onChange={(direction) => setValues({ ...values, direction })}
                error={errors.direction}
              >
                <Group gap="md" mt={6}>
                  <Radio value="inbound" label={c.directions.inbound} />
                  <Radio value="outbound" label={c.directions.outbound} />
                </Group>
              </Radio.Group>
            )}
          </Group>
          <TextInput
            label={c.subject}
            value={values.subject}
            onChange={(e) => setValues({ ...values, subject: e.currentTarget.value })}
            error={errors.subject}
          />
          <Textarea
            label={c.body}
            value={values.body}
            onChange={(e) => setValues({ ...values, body: e.currentTarget.value })}
            error={errors.body}
            autosize
            minRows={3}
            withAsterisk
          />
          <Group>
            <Button type="submit" loading={log.isPending}>
              {c.log}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

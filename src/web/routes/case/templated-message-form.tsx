import { Alert, Button, Group, NativeSelect, Paper, Stack, Text, Textarea, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, type CaseView, idempotencyKey } from "../../api/client";
import { data, errorMessage, fieldErrors } from "../../api/problem";
import { t } from "../../strings";

const TEMPLATES = [
  "progress_update",
  "request_information",
  "acknowledgment",
  "resolution_outcome",
  "closure",
  "feedback_invitation",
] as const;
type Template = (typeof TEMPLATES)[number];

/** R7: an email to the customer from a template, with an optional message; queued and kept on file. */
export function TemplatedMessageForm({ item }: { item: CaseView }) {
  const queryClient = useQueryClient();
  const [template, setTemplate] = useState<Template>("progress_update");
  const [message, setMessage] = useState("");
  const c = t.correspondence;
  const preview = useQuery({
    queryKey: ["template-preview", template],
    queryFn: () =>
      data(api.POST("/api/v1/templates/{key}/preview", { params: { path: { key: template } }, body: {} })),
    staleTime: 5 * 60_000,
  });

  const send = useMutation({
    mutationFn: () =>
      data(
        api.POST("/api/v1/cases/{reference}/messages", {
          params: { path: { reference: item.reference } },
          body: { template, ...(message.trim() ? { message: message.trim() } : {}) },
          headers: idempotencyKey(),
        }),
      ),
    onSuccess: async () => {
      setMessage("");
      await queryClient.invalidateQueries({ queryKey: ["case", item.reference] });
      notifications.show({ color: "green", message: c.queued });
    },
  });
  const errors = fieldErrors(send.error);

  if (!item.customer?.email) {
    return (
      <Alert color="gray" title={c.sendTitle}>
        {c.noEmail}
      </Alert>
    );
  }
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="send-title">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          send.mutate();
        }}
      >
        <Stack gap="sm">
          <Title order={3} size="h5" id="send-title">
            {c.sendTitle} ({item.customer.email})
          </Title>
          {send.isError && Object.keys(errors).length === 0 && (
            <Alert color="red" role="alert">
              {errorMessage(send.error)}
            </Alert>
          )}
          <NativeSelect
            label={c.template}
            value={template}
            onChange={(e) => setTemplate(e.currentTarget.value as Template)}
            data={TEMPLATES.map((k) => ({ value: k, label: t.templates[k] ?? k }))}
          />
          <Textarea
            label={c.message}
            description={c.messageHint}
            value={message}
            onChange={(e) => setMessage(e.currentTarget.value)}
            error={errors.message}
            autosize
            minRows={3}
          />
          {preview.data && (
            <Paper bg="gray.0" p="sm" aria-label={c.preview}>
              <Text size="xs" c="dimmed">
                {c.preview}
              </Text>
              <Text size="sm" fw={600}>
                {preview.data.subject}
              </Text>
              <Text size="sm" style={{ whiteSpace: "pre-wrap" }} lineClamp={8}>
                {preview.data.text}
              </Text>
            </Paper>
          )}
          <Group>
            <Button type="submit" loading={send.isPending}>
              {c.send}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

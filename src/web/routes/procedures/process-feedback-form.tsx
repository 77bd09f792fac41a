import { Alert, Button, Group, Paper, Stack, Text, Textarea, TextInput, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "../../api/client";
import { data, errorMessage, fieldErrors } from "../../api/problem";
import { t } from "../../strings";

/** R14: each member of staff may tell the quality team what in the process does not work. */
export function ProcessFeedbackForm() {
  const queryClient = useQueryClient();
  const [area, setArea] = useState("");
  const [text, setText] = useState("");
  const send = useMutation({
    mutationFn: () =>
      data(
        api.POST("/api/v1/process-feedback", {
          body: { text: text.trim(), ...(area.trim() ? { area: area.trim() } : {}) },
        }),
      ),
    onSuccess: async () => {
      setArea("");
      setText("");
      await queryClient.invalidateQueries({ queryKey: ["process-feedback"] });
      notifications.show({ color: "green", message: t.processFeedback.sent });
    },
  });
  const errors = fieldErrors(send.error);
  const f = t.processFeedback;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="process-feedback">
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          send.mutate();
        }}
      >
        <Stack gap="sm">
          <Title order={2} size="h4" id="process-feedback">
            {f.title}
          </Title>
          <Text size="sm" c="dimmed">
            {f.intro}
          </Text>
          {send.isError && Object.keys(errors).length === 0 && (
            <Alert color="red" role="alert">
              {errorMessage(send.error)}
            </Alert>
          )}
          {send.isSuccess && (
            <Alert color="green" role="status">
              {f.sent}
            </Alert>
          )}
          <TextInput
            label={f.area}
            placeholder={f.areaPlaceholder}
            value={area}
            onChange={(e) => setArea(e.currentTarget.value)}
            error={errors.area}
            maw={360}
          />
          <Textarea
            label={f.text}
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            error={errors.text}
            withAsterisk
            autosize
            minRows={3}
          />
          <Group>
            <Button type="submit" loading={send.isPending}>
              {f.send}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

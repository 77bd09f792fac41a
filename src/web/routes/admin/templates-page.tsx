import {
  Alert,
  Button,
  Grid,
  NativeSelect,
  Paper,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { api, type Schemas } from "../../api/client";
import { data, errorMessage, fieldErrors } from "../../api/problem";
import { ErrorState, Loading } from "../../components/states";
import { useDebounced } from "../../lib/hooks";
import { t } from "../../strings";

type Template = Schemas["Template"];
type Key = Template["key"];
type Body = Pick<Template, "subject" | "text" | "html">;

/** R7: the customer emails — edit a template (each save is a new version) with a live preview. */
export function TemplatesPage() {
  const queryClient = useQueryClient();
  const list = useQuery({ queryKey: ["templates"], queryFn: () => data(api.GET("/api/v1/templates")) });
  const [key, setKey] = useState<Key>("acknowledgment");
  const [draft, setDraft] = useState<Body | null>(null);
  const selected = list.data?.items.find((i) => i.key === key);
  useEffect(() => {
    if (selected) setDraft({ subject: selected.subject, text: selected.text, html: selected.html });
  }, [selected]);
  const settled = useDebounced(draft, 500);
  const preview = useQuery({
    queryKey: ["template-preview", key, settled],
    queryFn: () =>
      data(api.POST("/api/v1/templates/{key}/preview", { params: { path: { key } }, body: settled ?? {} })),
    enabled: settled !== null,
  });
  const save = useMutation({
    mutationFn: (body: Body) => data(api.PUT("/api/v1/templates/{key}", { params: { path: { key } }, body })),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ["templates"] });
      notifications.show({ color: "green", message: t.app.saved });
    },
  });
  if (list.isError) return <ErrorState error={list.error} onRetry={() => list.refetch()} />;
  if (!list.data || !draft) return <Loading />;
  const m = t.admin.templates;
  const errors = fieldErrors(save.error);

  return (
    <Grid gap="lg">
      <Grid.Col span={{ base: 12, md: 7 }}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate(draft);
          }}
        >
          <Stack gap="sm">
            <NativeSelect
              label={m.template}
              value={key}
              onChange={(e) => setKey(e.currentTarget.value as Key)}
              data={list.data.items.map((i) => ({ value: i.key, label: t.templates[i.key] ?? i.key }))}
              description={selected && m.version(selected.version)}
            />
            {save.isError && Object.keys(errors).length === 0 && (
              <Alert color="red" role="alert">
                {errorMessage(save.error)}
              </Alert>
            )}
            <TextInput
              label={m.subject}
              value={draft.subject}
              onChange={(e) => setDraft({ ...draft, subject: e.currentTarget.value })}
              error={errors.subject}
            />
            <Textarea
              label={m.text}
              value={draft.text}
              onChange={(e) => setDraft({ ...draft, text: e.currentTarget.value })}
              error={errors.text}
              autosize
              minRows={6}
              ff="monospace"
            />
            <Textarea
              label={m.html}
              value={draft.html}
              onChange={(e) => setDraft({ ...draft, html: e.currentTarget.value })}
              error={errors.html}
              autosize
              minRows={4}
              ff="monospace"
            />
            <Button type="submit" loading={save.isPending} w="fit-content">
              {m.save}
            </Button>
            <Title order={2} size="h5">
              {m.mergeFields}
            </Title>
            <Stack gap={2}>
              {Object.entries(list.data.mergeFields).map(([field, meaning]) => (
                <Text key={field} size="xs">
                  <code>{`{{${field}}}`}</code> — {meaning}
                </Text>
              ))}
            </Stack>
          </Stack>
        </form>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 5 }}>
        <Paper withBorder p="md" component="section" aria-label={m.preview}>
          <Title order={2} size="h5" mb="xs">
            {m.preview}
          </Title>
          {preview.isError ? (
            <Alert color="red">{errorMessage(preview.error)}</Alert>
          ) : preview.data ? (
            <>
              <Text fw={600}>{preview.data.subject}</Text>
              <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>
                {preview.data.text}
              </Text>
            </>
          ) : (
            <Loading />
          )}
        </Paper>
      </Grid.Col>
    </Grid>
  );
}

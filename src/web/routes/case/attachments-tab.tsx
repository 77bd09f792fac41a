import { Alert, Anchor, Button, FileInput, Group, Stack, Table, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouteContext } from "@tanstack/react-router";
import { useState } from "react";
import { api, type CaseView, idempotencyKey } from "../../api/client";
import { data, errorMessage } from "../../api/problem";
import { EmptyState, ErrorState, Loading } from "../../components/states";
import { useTimezone } from "../../lib/hooks";
import { formatDateTime } from "../../lib/time";
import { t } from "../../strings";
import { canCorrespond } from "./case-permissions";

/** "1.2 MB", "340 KB", "12 bytes". */
export function formatSize(bytes: number): string {
  if (bytes >= 1_000_000) return `${(bytes / 1_000_000).toFixed(1)} MB`;
  if (bytes >= 1_000) return `${Math.round(bytes / 1_000)} KB`;
  return `${bytes} bytes`;
}

/** R2: the files on the case — from staff, the customer or email — to download, and to add. */
export function AttachmentsTab({ item }: { item: CaseView }) {
  const { user } = useRouteContext({ from: "/_app" });
  const queryClient = useQueryClient();
  const timeZone = useTimezone();
  const [files, setFiles] = useState<File[]>([]);
  const list = useQuery({
    queryKey: ["case", item.reference, "attachments"],
    queryFn: () =>
      data(
        api.GET("/api/v1/cases/{reference}/attachments", { params: { path: { reference: item.reference } } }),
      ),
  });
  const upload = useMutation({
    mutationFn: () => {
      const form = new FormData();
      for (const file of files) form.append("file", file, file.name);
      return data(
        api.POST("/api/v1/cases/{reference}/attachments", {
          params: { path: { reference: item.reference } },
          body: { file: [] },
          bodySerializer: () => form,
          headers: idempotencyKey(),
        }),
      );
    },
    onSuccess: async () => {
      setFiles([]);
      await queryClient.invalidateQueries({ queryKey: ["case", item.reference] });
      notifications.show({ color: "green", message: t.attachments.uploaded });
    },
  });
  const a = t.attachments;

  return (
    <Stack gap="md">
      {canCorrespond(user) && item.status !== "archived" && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (files.length) upload.mutate();
          }}
        >
          <Group align="flex-end" gap="sm" wrap="wrap">
            <FileInput
              label={a.choose}
              multiple
              value={files}
              onChange={setFiles}
              clearable
              style={{ flex: "1 1 260px" }}
              placeholder={a.placeholder}
            />
            <Button type="submit" disabled={!files.length} loading={upload.isPending}>
              {a.upload}
            </Button>
          </Group>
          {upload.isError && (
            <Alert color="red" role="alert" mt="xs">
              {errorMessage(upload.error)}
            </Alert>
          )}
        </form>
      )}
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => list.refetch()} />
      ) : list.data.items.length === 0 ? (
        <EmptyState>{a.empty}</EmptyState>
      ) : (
        <Table.ScrollContainer minWidth={520}>
          <Table verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{a.file}</Table.Th>
                <Table.Th>{a.size}</Table.Th>
                <Table.Th>{a.from}</Table.Th>
                <Table.Th>{a.when}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data.items.map((f) => (
                <Table.Tr key={f.id}>
                  <Table.Td>
                    <Anchor
                      href={`/api/v1/cases/${item.reference}/attachments/${f.id}`}
                      download={f.filename}
                    >
                      {f.filename}
                    </Anchor>
                    <Text size="xs" c="dimmed">
                      {f.contentType}
                    </Text>
                  </Table.Td>
                  <Table.Td>{formatSize(f.sizeBytes)}</Table.Td>
                  <Table.Td>{f.uploadedBy?.name ?? a.sources[f.source]}</Table.Td>
                  <Table.Td>{formatDateTime(f.uploadedAt, timeZone)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}

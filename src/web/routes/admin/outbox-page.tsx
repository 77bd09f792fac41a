import { Alert, Badge, Button, NativeSelect, Stack, Table, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "../../api/client";
import { data, errorMessage } from "../../api/problem";
import { EmptyState, ErrorState, Loading } from "../../components/states";
import { useTimezone } from "../../lib/hooks";
import { formatDateTime } from "../../lib/time";
import { t } from "../../strings";

const STATUSES = ["dead", "pending", "sending", "sent"] as const;
type OutboxStatus = (typeof STATUSES)[number];

/** R7: mail that could not be delivered (dead letters) first, and sending it again once fixed. */
export function OutboxPage() {
  const queryClient = useQueryClient();
  const timeZone = useTimezone();
  const [status, setStatus] = useState<OutboxStatus>("dead");
  const messages = useQuery({
    queryKey: ["outbox", status],
    queryFn: () => data(api.GET("/api/v1/outbox", { params: { query: { status, limit: 100 } } })),
  });
  const resend = useMutation({
    mutationFn: (id: string) => data(api.POST("/api/v1/outbox/{id}/resend", { params: { path: { id } } })),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ["outbox"] });
      notifications.show({ color: "green", message: t.admin.outbox.resent });
    },
  });
  const o = t.admin.outbox;

  return (
    <Stack gap="md">
      <NativeSelect
        label={o.status}
        value={status}
        onChange={(e) => setStatus(e.currentTarget.value as OutboxStatus)}
        data={STATUSES.map((s) => ({ value: s, label: o.statuses[s] ?? s }))}
        maw={240}
      />
      {resend.isError && (
        <Alert color="red" role="alert">
          {errorMessage(resend.error)}
        </Alert>
      )}
      {messages.isPending ? (
        <Loading />
      ) : messages.isError ? (
        <ErrorState error={messages.error} onRetry={() => messages.refetch()} />
      ) : messages.data.items.length === 0 ? (
        <EmptyState>{o.empty}</EmptyState>
      ) : (
        <Table.ScrollContainer minWidth={760}>
          <Table verticalSpacing="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{o.to}</Table.Th>
                <Table.Th>{o.subject}</Table.Th>
                <Table.Th>{o.created}</Table.Th>
                <Table.Th>{o.attempts}</Table.Th>
                <Table.Th>{o.status}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {messages.data.items.map((m) => (
                <Table.Tr key={m.id}>
                  <Table.Td>{m.to}</Table.Td>
                  <Table.Td>
                    {m.subject}
                    {m.lastError && (
                      <Text size="xs" c="red.8">
                        {o.lastError}: {m.lastError}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>{formatDateTime(m.createdAt, timeZone)}</Table.Td>
                  <Table.Td>{m.attempts}</Table.Td>
                  <Table.Td>
                    {m.status === "dead" ? (
                      <Button
                        size="compact-sm"
                        onClick={() => resend.mutate(m.id)}
                        loading={resend.isPending}
                      >
                        {o.resend}
                      </Button>
                    ) : (
                      <Badge variant="light" color={m.status === "sent" ? "green" : "yellow"}>
                        {o.statuses[m.status]}
                      </Badge>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}

import { Stack, Table, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { api } from "../../api/client";
import { data } from "../../api/problem";
import { usersQuery } from "../../api/session";
import { EmptyState, ErrorState, Loading } from "../../components/states";
import { useTimezone } from "../../lib/hooks";
import { formatDateTime } from "../../lib/time";
import { t } from "../../strings";

/** R14: what staff said about the process, for the quality team. */
export function ProcessFeedbackPage() {
  const timeZone = useTimezone();
  const users = useQuery(usersQuery);
  const feedback = useQuery({
    queryKey: ["process-feedback"],
    queryFn: () => data(api.GET("/api/v1/process-feedback", { params: { query: { limit: 100 } } })),
  });
  const f = t.processFeedback;
  const name = (id: string | null) => users.data?.items.find((u) => u.id === id)?.name ?? f.anonymous;
  const items = feedback.data?.items ?? [];
  return (
    <Stack gap="md">
      <Text size="sm">{f.listIntro}</Text>
      {feedback.isPending ? (
        <Loading />
      ) : feedback.isError ? (
        <ErrorState error={feedback.error} onRetry={() => feedback.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState>{f.empty}</EmptyState>
      ) : (
        <Table.ScrollContainer minWidth={600}>
          <Table striped verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{f.when}</Table.Th>
                <Table.Th>{f.author}</Table.Th>
                <Table.Th>{f.area}</Table.Th>
                <Table.Th>{f.text}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((item) => (
                <Table.Tr key={item.id}>
                  <Table.Td>{formatDateTime(item.createdAt, timeZone)}</Table.Td>
                  <Table.Td>{name(item.authorId)}</Table.Td>
                  <Table.Td>{item.area ?? t.app.none}</Table.Td>
                  <Table.Td maw={480} style={{ whiteSpace: "pre-wrap" }}>
                    {item.text}
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

import { List, Table, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { usersQuery } from "../../api/session";
import { EmptyState, ErrorState, Loading } from "../../components/states";
import { useTimezone } from "../../lib/hooks";
import { formatDateTime } from "../../lib/time";
import { t } from "../../strings";
import { historyQuery } from "./case-queries";
import { describeChanges, eventText } from "./event-text";
import { actorName } from "./timeline-tab";

/** R2: the audit trail of the case, oldest first, with every changed value — as the auditor reads it. */
export function HistoryTab({ reference }: { reference: string }) {
  const history = useQuery(historyQuery(reference));
  const timeZone = useTimezone();
  const users = useQuery(usersQuery);
  const names = new Map((users.data?.items ?? []).map((u) => [u.id, u.name]));
  const show = { time: (iso: string) => formatDateTime(iso, timeZone), names };
  if (history.isPending) return <Loading />;
  if (history.isError) return <ErrorState error={history.error} onRetry={() => history.refetch()} />;
  if (history.data.items.length === 0) return <EmptyState>{t.history.empty}</EmptyState>;
  const h = t.history;
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table verticalSpacing="xs" striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={130}>{h.when}</Table.Th>
            <Table.Th w={140}>{h.what}</Table.Th>
            <Table.Th w={130}>{h.who}</Table.Th>
            <Table.Th>{h.changes}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {history.data.items.map((e) => (
            <Table.Tr key={e.id}>
              <Table.Td>{formatDateTime(e.at, timeZone)}</Table.Td>
              <Table.Td>{eventText(e.action)}</Table.Td>
              <Table.Td>
                {actorName(e.actor) ?? t.timeline.system}
                <Text size="xs" c="dimmed">
                  {e.source}
                </Text>
              </Table.Td>
              <Table.Td>
                <List size="xs" spacing={2} listStyleType="none">
                  {e.reason && <List.Item>{`reason: ${e.reason}`}</List.Item>}
                  {describeChanges(e.changes, show).map((line) => (
                    <List.Item key={line} style={{ overflowWrap: "anywhere" }}>
                      {line}
                    </List.Item>
                  ))}
                </List>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

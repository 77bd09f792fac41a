import { Alert, Anchor, Button, Code, Group, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { useInfiniteQuery, useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { api } from "../../api/client";
import { data, errorMessage } from "../../api/problem";
import { EmptyState, ErrorState, Loading } from "../../components/states";
import { useTimezone } from "../../lib/hooks";
import { formatDateTime } from "../../lib/time";
import { t } from "../../strings";
import { type TrailFilters, trailQuery } from "./audit-trail-query";

const PAGE = 100;

/** R2 / ISO 10002 8.5: the whole audit trail for auditors — filtered, page by page, verified, exported. */
export function AuditTrailPage() {
  const timeZone = useTimezone();
  const [draft, setDraft] = useState<TrailFilters>({});
  const [filters, setFilters] = useState<TrailFilters>({});
  const query = trailQuery(filters);
  const trail = useInfiniteQuery({
    queryKey: ["audit", "events", query],
    queryFn: ({ pageParam }) =>
      data(
        api.GET("/api/v1/audit/events", {
          params: { query: { ...query, limit: PAGE, ...(pageParam ? { cursor: pageParam } : {}) } },
        }),
      ),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => (last.nextCursor ? Number(last.nextCursor) : undefined),
  });
  const verify = useMutation({ mutationFn: () => data(api.GET("/api/v1/audit/verify")) });
  const items = trail.data?.pages.flatMap((page) => page.items) ?? [];
  const a = t.auditTrail;
  const exportHref = `/api/v1/audit/events/export?${new URLSearchParams(query).toString()}`;

  function apply(event: FormEvent) {
    event.preventDefault();
    setFilters(draft);
  }

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={1} size="h2">
          {a.title}
        </Title>
        <Group gap="sm">
          <Button variant="default" onClick={() => verify.mutate()} loading={verify.isPending}>
            {a.verify}
          </Button>
          <Anchor href={exportHref} download>
            {a.export}
          </Anchor>
        </Group>
      </Group>
      {verify.isError && <Alert color="red">{errorMessage(verify.error)}</Alert>}
      {verify.data && (
        <Alert
          color={verify.data.ok ? "green" : "red"}
          role="status"
          title={verify.data.ok ? a.intact : a.broken}
        >
          {verify.data.ok
            ? a.checked(verify.data.events, verify.data.seals)
            : verify.data.problems.map((p) => <Text key={p}>{p}</Text>)}
        </Alert>
      )}
      <form onSubmit={apply} aria-label={a.filters}>
        <Group align="flex-end" gap="sm">
          <TextInput
            label={a.case}
            placeholder="CMP-2026-000042"
            value={draft.case ?? ""}
            onChange={(e) => setDraft({ ...draft, case: e.currentTarget.value })}
          />
          <TextInput
            label={a.action}
            placeholder="case.*"
            value={draft.action ?? ""}
            onChange={(e) => setDraft({ ...draft, action: e.currentTarget.value })}
          />
          <TextInput
            type="date"
            label={a.from}
            value={draft.from ?? ""}
            onChange={(e) => setDraft({ ...draft, from: e.currentTarget.value })}
          />
          <TextInput
            type="date"
            label={a.to}
            value={draft.to ?? ""}
            onChange={(e) => setDraft({ ...draft, to: e.currentTarget.value })}
          />
          <Button type="submit">{a.apply}</Button>
        </Group>
      </form>
      {trail.isPending ? (
        <Loading />
      ) : trail.isError ? (
        <ErrorState error={trail.error} onRetry={() => trail.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState>{a.empty}</EmptyState>
      ) : (
        <>
          <Table.ScrollContainer minWidth={900}>
            <Table verticalSpacing="xs" striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{a.when}</Table.Th>
                  <Table.Th>{a.action}</Table.Th>
                  <Table.Th>{a.who}</Table.Th>
                  <Table.Th>{a.case}</Table.Th>
                  <Table.Th>{a.changes}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((e) => (
                  <Table.Tr key={e.id}>
                    <Table.Td>{formatDateTime(e.at, timeZone)}</Table.Td>
                    <Table.Td>{e.action}</Table.Td>
                    <Table.Td>
                      {e.actor.name ?? e.actor.kind}
                      <Text size="xs" c="dimmed">
                        {e.source}
                      </Text>
                    </Table.Td>
                    <Table.Td>{e.caseReference ?? e.stream}</Table.Td>
                    <Table.Td>
                      <Code block>{JSON.stringify(e.changes, null, 1)}</Code>
                      {e.reason && <Text size="sm">{a.reason(e.reason)}</Text>}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {trail.hasNextPage && (
            <Button
              variant="default"
              onClick={() => trail.fetchNextPage()}
              loading={trail.isFetchingNextPage}
            >
              {t.cases.loadMore}
            </Button>
          )}
        </>
      )}
    </Stack>
  );
}

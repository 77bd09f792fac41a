import { Button, Group, Stack, Table, Text, Title } from "@mantine/core";
import { useInfiniteQuery } from "@tanstack/react-query";
import { getRouteApi } from "@tanstack/react-router";
import { useState } from "react";
import { api, type Schemas } from "../../api/client";
import { data } from "../../api/problem";
import { can } from "../../api/session";
import { AnchorLink } from "../../components/links";
import { EmptyState, ErrorState, Loading } from "../../components/states";
import { formatDay } from "../../lib/time";
import { t } from "../../strings";
import { CapaAttention, CapaStatusBadge } from "./capa-badges";
import { CapaFilters } from "./capa-filters";
import { RaiseCapaDialog } from "./raise-capa-dialog";
import { RootCausesPanel } from "./root-causes-panel";

const route = getRouteApi("/_app/capas");
const PAGE = 50;

/** R6: the CAPA register, soonest due first, filtered in the URL, a page at a time; and recurring causes. */
export function CapaRegisterPage() {
  const search = route.useSearch();
  const { user } = route.useRouteContext();
  const [raising, setRaising] = useState(false);
  const list = useInfiniteQuery({
    queryKey: ["capas", "list", search],
    queryFn: ({ pageParam }) =>
      data(api.GET("/api/v1/capas", { params: { query: { ...search, limit: PAGE, cursor: pageParam } } })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];
  const c = t.capa;

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <div>
          <Title order={1} size="h2">
            {c.title}
          </Title>
          <Text size="sm" c="dimmed">
            {c.intro}
          </Text>
        </div>
        {can.writeCapas(user) && <Button onClick={() => setRaising(true)}>{c.raise}</Button>}
      </Group>
      <CapaFilters search={search} />
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => list.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState>{c.empty}</EmptyState>
      ) : (
        <>
          <CapaTable items={items} />
          <Group justify="space-between">
            <Text size="sm" c="dimmed" aria-live="polite">
              {c.shown(items.length)}
            </Text>
            {list.hasNextPage && (
              <Button
                variant="default"
                onClick={() => list.fetchNextPage()}
                loading={list.isFetchingNextPage}
              >
                {t.cases.loadMore}
              </Button>
            )}
          </Group>
        </>
      )}
      {can.readRootCauses(user) && <RootCausesPanel />}
      {raising && <RaiseCapaDialog caseReferences={[]} onClose={() => setRaising(false)} />}
    </Stack>
  );
}

function CapaTable({ items }: { items: Schemas["Capa"][] }) {
  const c = t.capa;
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table striped highlightOnHover verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{c.reference}</Table.Th>
            <Table.Th>{c.titleField}</Table.Th>
            <Table.Th>{c.status}</Table.Th>
            <Table.Th>{c.owner}</Table.Th>
            <Table.Th>{c.dueDate}</Table.Th>
            <Table.Th>{c.checkOnDate}</Table.Th>
            <Table.Th>{c.cases}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((capa) => (
            <Table.Tr key={capa.id}>
              <Table.Td style={{ whiteSpace: "nowrap" }}>
                <AnchorLink to="/capas/$reference" params={{ reference: capa.reference }} fw={600}>
                  {capa.reference}
                </AnchorLink>
              </Table.Td>
              <Table.Td maw={320}>
                <Text size="sm" lineClamp={2}>
                  {capa.title}
                </Text>
              </Table.Td>
              <Table.Td>
                <Stack gap={4} align="flex-start">
                  <CapaStatusBadge status={capa.status} />
                  <CapaAttention capa={capa} />
                </Stack>
              </Table.Td>
              <Table.Td>
                {capa.ownerName ?? (
                  <Text size="sm" c="dimmed">
                    {c.noOwner}
                  </Text>
                )}
              </Table.Td>
              <Table.Td style={{ whiteSpace: "nowrap" }}>{formatDay(capa.dueDate)}</Table.Td>
              <Table.Td style={{ whiteSpace: "nowrap" }}>
                {capa.effectivenessCheckDate ? formatDay(capa.effectivenessCheckDate) : t.app.none}
              </Table.Td>
              <Table.Td>{capa.cases.length}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

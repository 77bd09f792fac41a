import { Button, Group, Stack, Text, Title } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { useInfiniteQuery } from "@tanstack/react-query";
import { getRouteApi } from "@tanstack/react-router";
import { api } from "../../api/client";
import { data } from "../../api/problem";
import { can } from "../../api/session";
import { ButtonLink } from "../../components/links";
import { EmptyState, ErrorState, Loading } from "../../components/states";
import { useCalendar, useNow, useTimezone } from "../../lib/hooks";
import { t } from "../../strings";
import { CaseCards } from "./case-cards";
import { CaseFilters } from "./case-filters";
import { CaseTable } from "./case-table";
import { QueueLinks } from "./queue-links";

const route = getRouteApi("/_app/cases");
const PAGE = 50;

/** The work queues and the searchable case list, a page at a time (keyset: "Load more"). */
export function CaseListPage() {
  const search = route.useSearch();
  const { user } = route.useRouteContext();
  const timeZone = useTimezone();
  const calendar = useCalendar();
  const now = useNow();
  const wide = useMediaQuery("(min-width: 62em)", true, { getInitialValueInEffect: false });

  const list = useInfiniteQuery({
    queryKey: ["cases", "list", search],
    queryFn: ({ pageParam }) =>
      data(api.GET("/api/v1/cases", { params: { query: { ...search, limit: PAGE, cursor: pageParam } } })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={1} size="h2">
          {t.cases.title}
        </Title>
        {can.logCases(user) && <ButtonLink to="/cases/new">{t.nav.newCase}</ButtonLink>}
      </Group>
      <QueueLinks search={search} />
      <CaseFilters search={search} />
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => list.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState>{t.cases.empty}</EmptyState>
      ) : (
        <>
          {wide ? (
            <CaseTable items={items} calendar={calendar} timeZone={timeZone} now={now} />
          ) : (
            <CaseCards items={items} calendar={calendar} timeZone={timeZone} now={now} />
          )}
          <Group justify="space-between">
            <Text size="sm" c="dimmed" aria-live="polite">
              {t.cases.shown(items.length)}
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
    </Stack>
  );
}

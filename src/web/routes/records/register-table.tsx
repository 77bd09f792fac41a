import { Button, Group, Table, Text } from "@mantine/core";
import { useInfiniteQuery } from "@tanstack/react-query";
import { AnchorLink } from "../../components/links";
import { EmptyState, ErrorState, Loading } from "../../components/states";
import { t } from "../../strings";

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface Column<T> {
  header: React.ReactNode;
  cell(item: T): React.ReactNode;
}

interface Props<T> {
  queryKey: readonly unknown[];
  fetchPage(cursor: string | undefined): Promise<Page<T>>;
  columns: Column<T>[];
  rowKey(item: T): string;
  empty: string;
  minWidth?: number;
  /** Shown above the table with the rows loaded so far (a bulk action on them). */
  toolbar?(items: T[]): React.ReactNode;
}

/** One of the records registers: a page at a time (keyset), loading, empty and error said in words. */
export function RegisterTable<T>({ queryKey, fetchPage, columns, rowKey, empty, ...props }: Props<T>) {
  const list = useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam }) => fetchPage(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  if (list.isPending) return <Loading />;
  if (list.isError) return <ErrorState error={list.error} onRetry={() => list.refetch()} />;
  const items = list.data.pages.flatMap((page) => page.items);
  if (items.length === 0) return <EmptyState>{empty}</EmptyState>;
  return (
    <>
      {props.toolbar?.(items)}
      <Table.ScrollContainer minWidth={props.minWidth ?? 760}>
        <Table verticalSpacing="sm">
          <Table.Thead>
            <Table.Tr>
              {columns.map((column, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: columns are fixed for the table's life
                <Table.Th key={i}>{column.header}</Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((item) => (
              <Table.Tr key={rowKey(item)}>
                {columns.map((column, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: columns are fixed for the table's life
                  <Table.Td key={i}>{column.cell(item)}</Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Group justify="space-between">
        <Text size="sm" c="dimmed" aria-live="polite">
          {t.cases.shown(items.length)}
        </Text>
        {list.hasNextPage && (
          <Button variant="default" onClick={() => list.fetchNextPage()} loading={list.isFetchingNextPage}>
            {t.cases.loadMore}
          </Button>
        )}
      </Group>
    </>
  );
}

/** "Ann Smith" or, for the scheduler and integrations, a dash. */
export const personName = (person: { name: string } | null) => person?.name ?? "—";

/** A case's reference, linking to its page. */
export function CaseLink({ reference }: { reference: string }) {
  return (
    <AnchorLink to="/cases/$reference" params={{ reference }} fw={600} style={{ whiteSpace: "nowrap" }}>
      {reference}
    </AnchorLink>
  );
}

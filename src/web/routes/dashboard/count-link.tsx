import { Paper, Skeleton, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { AnchorLink } from "../../components/links";
import { t } from "../../strings";
import type { CaseListSearch } from "../case-list/case-list-search";
import { type CaseCount, caseCountQuery } from "./case-counts";

export const countText = (c: CaseCount) => (c.more ? t.dashboard.atLeast(c.count) : String(c.count));

/** One number on the dashboard: the count of a case list, linking to that list. */
export function CountLink({ search, label }: { search: CaseListSearch; label: string }) {
  const count = useQuery(caseCountQuery(search));
  return (
    <Paper withBorder p="sm" miw={100} style={{ flex: "1 1 100px" }}>
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      {count.data ? (
        <AnchorLink
          to="/cases"
          search={search}
          fz={28}
          fw={700}
          aria-label={`${label}: ${countText(count.data)}`}
        >
          {countText(count.data)}
        </AnchorLink>
      ) : count.isError ? (
        <Text c="red.8">!</Text>
      ) : (
        <Skeleton h={36} w={60} mt={4} />
      )}
    </Paper>
  );
}

import { Badge, Button, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { getRouteApi } from "@tanstack/react-router";
import { useState } from "react";
import type { Schemas } from "../../api/client";
import { ApiError } from "../../api/problem";
import { can } from "../../api/session";
import { AnchorLink } from "../../components/links";
import { EmptyState, ErrorState, Loading } from "../../components/states";
import { useTimezone } from "../../lib/hooks";
import { formatDateTime, formatMonth } from "../../lib/time";
import { t } from "../../strings";
import { sampleQuery } from "./quality-queries";
import { SampleCheckDialog } from "./sample-check-dialog";

type Item = Schemas["QualitySample"]["items"][number];
const route = getRouteApi("/_app/quality/samples/$month");

/** R13: one month's sample — how it was drawn (seed, rule), each case's checks, and checking the rest. */
export function SamplePage() {
  const { month } = route.useParams();
  const { user } = route.useRouteContext();
  const timeZone = useTimezone();
  const sample = useQuery(sampleQuery(month));
  const [checking, setChecking] = useState<Item | null>(null);
  const s = t.samples;
  if (sample.isPending) return <Loading />;
  if (sample.isError) {
    if (sample.error instanceof ApiError && sample.error.status === 404)
      return <EmptyState>{s.notFound(month)}</EmptyState>;
    return <ErrorState error={sample.error} onRetry={() => sample.refetch()} />;
  }
  const { items, summary } = sample.data;
  const facts: [string, string][] = [
    [s.rule, sample.data.rule],
    [s.population, String(sample.data.population)],
    [s.progress, s.summary(summary.passed, summary.failed, summary.pending)],
    [s.drawnAt, formatDateTime(sample.data.drawnAt, timeZone)],
    [s.seed, sample.data.seed],
  ];

  return (
    <Stack gap="md">
      <Title order={2} size="h3">
        {formatMonth(sample.data.month)}
      </Title>
      <Paper withBorder p="md">
        <SimpleGrid cols={{ base: 1, xs: 2, md: 5 }} spacing="sm" component="dl" m={0}>
          {facts.map(([label, value]) => (
            <div key={label}>
              <Text component="dt" size="sm" c="dimmed">
                {label}
              </Text>
              <Text component="dd" m={0} size="sm" fw={600} style={{ overflowWrap: "anywhere" }}>
                {value}
              </Text>
            </div>
          ))}
        </SimpleGrid>
      </Paper>
      {items.length === 0 ? (
        <EmptyState>{s.noItems}</EmptyState>
      ) : (
        <Table.ScrollContainer minWidth={720}>
          <Table striped verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{s.caseRef}</Table.Th>
                <Table.Th>{s.outcome}</Table.Th>
                <Table.Th>{s.summaryCol}</Table.Th>
                <Table.Th>{s.reviewer}</Table.Th>
                <Table.Th>{s.notes}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((item) => (
                <Table.Tr key={item.id}>
                  <Table.Td style={{ whiteSpace: "nowrap" }}>
                    <AnchorLink to="/cases/$reference" params={{ reference: item.caseReference }} fw={600}>
                      {item.caseReference}
                    </AnchorLink>
                  </Table.Td>
                  <Table.Td>
                    <Outcome item={item} canCheck={can.checkSample(user)} onCheck={() => setChecking(item)} />
                  </Table.Td>
                  <Table.Td maw={280}>
                    <Text size="sm" lineClamp={2}>
                      {item.summary}
                    </Text>
                  </Table.Td>
                  <Table.Td>{item.reviewerName ?? t.app.none}</Table.Td>
                  <Table.Td maw={260}>
                    <Findings item={item} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {checking && <SampleCheckDialog month={month} item={checking} onClose={() => setChecking(null)} />}
    </Stack>
  );
}

function Outcome({ item, canCheck, onCheck }: { item: Item; canCheck: boolean; onCheck(): void }) {
  const s = t.samples;
  if (!item.outcome) {
    return canCheck ? (
      <Button size="xs" variant="light" onClick={onCheck} aria-label={`${s.check} ${item.caseReference}`}>
        {s.check}
      </Button>
    ) : (
      <Text size="sm" c="dimmed">
        {s.pending}
      </Text>
    );
  }
  return (
    <Group gap={6}>
      <Badge color={item.outcome === "pass" ? "green" : "red"} variant="light" autoContrast>
        {s.outcomes[item.outcome]}
      </Badge>
      {item.capaReference && (
        <AnchorLink to="/capas/$reference" params={{ reference: item.capaReference }} size="sm">
          {item.capaReference}
        </AnchorLink>
      )}
    </Group>
  );
}

/** Which checks failed, then the reviewer's notes. */
function Findings({ item }: { item: Item }) {
  const s = t.samples;
  const failed = Object.entries(item.checklist ?? {})
    .filter(([, ok]) => !ok)
    .map(([key]) => s.checks[key] ?? key);
  return (
    <>
      {failed.length > 0 && (
        <Text size="sm" c="red.9">
          {s.notMet(failed.join(", "))}
        </Text>
      )}
      {item.notes && <Text size="sm">{item.notes}</Text>}
    </>
  );
}

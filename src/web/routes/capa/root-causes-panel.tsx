import { BarChart } from "@mantine/charts";
import { Group, Paper, Table, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { AnchorLink } from "../../components/links";
import { EmptyState, ErrorState, Loading } from "../../components/states";
import { useTimezone } from "../../lib/hooks";
import { formatDate } from "../../lib/time";
import { t } from "../../strings";
import { rootCausesQuery } from "./capa-queries";

/** R6: cases per root cause category over the last year, and the CAPAs raised against each cause. */
export function RootCausesPanel() {
  const causes = useQuery(rootCausesQuery);
  const timeZone = useTimezone();
  const c = t.capa;
  const items = causes.data?.items ?? [];
  return (
    <Paper component="section" aria-labelledby="root-causes" mt="md">
      <Title order={2} size="h4" id="root-causes">
        {c.rootCauses}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {c.rootCausesIntro}
      </Text>
      {causes.isPending ? (
        <Loading />
      ) : causes.isError ? (
        <ErrorState error={causes.error} onRetry={() => causes.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState>{c.noRootCauses}</EmptyState>
      ) : (
        <>
          <BarChart
            h={80 + items.length * 48}
            data={items.map((i) => ({ category: i.category, cases: i.cases, open: i.openCases }))}
            dataKey="category"
            orientation="vertical"
            yAxisProps={{ width: 150 }}
            series={[
              { name: "cases", label: c.cases, color: "indigo.6" },
              { name: "open", label: c.openCases, color: "orange.7" },
            ]}
            aria-hidden
            barChartProps={{ accessibilityLayer: false }}
            xAxisProps={{ allowDecimals: false }}
            withLegend
          />
          <Table.ScrollContainer minWidth={560} mt="sm">
            <Table verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{c.category}</Table.Th>
                  <Table.Th ta="right">{c.cases}</Table.Th>
                  <Table.Th ta="right">{c.openCases}</Table.Th>
                  <Table.Th>{c.lastSeen}</Table.Th>
                  <Table.Th>{c.capas}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((i) => (
                  <Table.Tr key={i.category}>
                    <Table.Td>{i.category}</Table.Td>
                    <Table.Td ta="right">{i.cases}</Table.Td>
                    <Table.Td ta="right">{i.openCases}</Table.Td>
                    <Table.Td>{formatDate(i.lastSeenAt, timeZone)}</Table.Td>
                    <Table.Td>
                      {i.capas.length === 0 ? (
                        t.app.none
                      ) : (
                        <Group gap="xs">
                          {i.capas.map((capa) => (
                            <AnchorLink
                              key={capa.reference}
                              to="/capas/$reference"
                              params={{ reference: capa.reference }}
                            >
                              {capa.reference} ({c.statuses[capa.status]})
                            </AnchorLink>
                          ))}
                        </Group>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </>
      )}
    </Paper>
  );
}

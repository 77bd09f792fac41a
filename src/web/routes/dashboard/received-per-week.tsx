import { BarChart } from "@mantine/charts";
import { Paper, Table, Title } from "@mantine/core";
import { useQueries } from "@tanstack/react-query";
import { useState } from "react";
import { AnchorLink } from "../../components/links";
import { useTimezone } from "../../lib/hooks";
import { formatDate, weekStarts } from "../../lib/time";
import { t } from "../../strings";
import { caseCountQuery } from "./case-counts";
import { countText } from "./count-link";

const WEEKS = 8;

/** Cases received in each of the last eight weeks (Monday to Sunday in the organisation's zone). */
export function ReceivedPerWeek() {
  const timeZone = useTimezone();
  const [now] = useState(() => new Date());
  const starts = weekStarts(now, timeZone, WEEKS);
  const weeks = starts.map((from, i) => ({
    from,
    to: starts[i + 1] ?? new Date(Date.parse(from) + 7 * 86_400_000).toISOString(),
  }));
  const counts = useQueries({
    queries: weeks.map((w) => caseCountQuery({ receivedFrom: w.from, receivedTo: w.to })),
  });
  const d = t.dashboard;
  const rows = weeks.map((w, i) => ({ ...w, label: formatDate(w.from, timeZone), count: counts[i]?.data }));

  return (
    <Paper component="section" aria-label={d.receivedPerWeek}>
      <Title order={2} size="h4" mb="xs">
        {d.receivedPerWeek}
      </Title>
      <BarChart
        h={220}
        data={rows.map((r) => ({ week: r.label, received: r.count?.count ?? 0 }))}
        dataKey="week"
        series={[{ name: "received", label: d.received, color: "teal.7" }]}
        aria-hidden
        barChartProps={{ accessibilityLayer: false }}
        yAxisProps={{ allowDecimals: false }}
      />
      <Table mt="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{d.weekOf}</Table.Th>
            <Table.Th ta="right">{d.received}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={r.from}>
              <Table.Td>{r.label}</Table.Td>
              <Table.Td ta="right">
                {r.count ? (
                  <AnchorLink to="/cases" search={{ receivedFrom: r.from, receivedTo: r.to }}>
                    {countText(r.count)}
                  </AnchorLink>
                ) : (
                  "…"
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}

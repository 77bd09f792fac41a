import { BarChart } from "@mantine/charts";
import { Paper, Table, Title } from "@mantine/core";
import type { Schemas } from "../../api/client";
import { formatDay, fromZonedInput } from "../../lib/time";
import { t } from "../../strings";
import { ListLink } from "./count-link";

type Weeks = Schemas["Dashboard"]["receivedPerWeek"];

/** Monday 00:00 of a week in the zone, as the case list's `receivedFrom`. */
const weekStart = (day: string, timeZone: string) => fromZonedInput(`${day}T00:00`, timeZone);

/** The week after a Monday, as a date "YYYY-MM-DD". */
const nextMonday = (day: string) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + 7 * 86_400_000).toISOString().slice(0, 10);

/** Cases received in each of the last twelve weeks (Monday to Sunday in the organisation's zone). */
export function ReceivedPerWeek({ weeks, timeZone }: { weeks: Weeks; timeZone: string }) {
  const d = t.dashboard;
  const rows = weeks.map((w) => {
    const from = weekStart(w.weekStarting, timeZone);
    const to = weekStart(nextMonday(w.weekStarting), timeZone);
    return {
      ...w,
      label: formatDay(w.weekStarting),
      link:
        from && to ? { to: "/cases" as const, search: { receivedFrom: from, receivedTo: to } } : undefined,
    };
  });

  return (
    <Paper component="section" aria-label={d.receivedPerWeek}>
      <Title order={2} size="h4" mb="xs">
        {d.receivedPerWeek}
      </Title>
      <BarChart
        h={220}
        data={rows.map((r) => ({ week: r.label, received: r.received }))}
        dataKey="week"
        series={[{ name: "received", label: d.received, color: "teal.7" }]}
        aria-hidden
        barChartProps={{ accessibilityLayer: false }}
        yAxisProps={{ allowDecimals: false }}
      />
      <Table mt="sm" fz="sm" verticalSpacing={4}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{d.weekOf}</Table.Th>
            <Table.Th ta="right">{d.received}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={r.weekStarting}>
              <Table.Td>{r.label}</Table.Td>
              <Table.Td ta="right">
                <ListLink link={r.link} label={`${d.weekOf} ${r.label}: ${r.received}`}>
                  {r.received}
                </ListLink>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}

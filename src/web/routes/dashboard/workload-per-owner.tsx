import { BarChart } from "@mantine/charts";
import { Paper, Table, Title } from "@mantine/core";
import type { Schemas } from "../../api/client";
import { EmptyState } from "../../components/states";
import { t } from "../../strings";
import { ListLink } from "./count-link";
import { appLink } from "./dashboard-links";

type Workload = Schemas["Dashboard"]["workload"];

/** Open cases per owner (and unassigned), with how many are breached: a chart, and a table of links. */
export function WorkloadPerOwner({ workload, ownerLink }: { workload: Workload; ownerLink?: string }) {
  const d = t.dashboard;
  const rows = workload.map((w) => {
    const owner = w.ownerId ?? "none";
    const name = w.ownerId ? (w.name ?? owner) : d.unassigned;
    return {
      ...w,
      key: owner,
      label: name,
      openLink: ownerLink ? appLink(ownerLink, { ownerId: owner }) : undefined,
      breachedLink: { to: "/cases" as const, search: { owner, due: "breached" as const } },
    };
  });

  return (
    <Paper component="section" aria-label={d.workload}>
      <Title order={2} size="h4" mb="xs">
        {d.workload}
      </Title>
      {rows.length === 0 ? (
        <EmptyState>{d.noOwners}</EmptyState>
      ) : (
        <>
          <BarChart
            h={80 + rows.length * 48}
            data={rows.map((r) => ({ owner: r.label, open: r.open, breached: r.breached }))}
            dataKey="owner"
            orientation="vertical"
            yAxisProps={{ width: 140 }}
            series={[
              { name: "open", label: d.cases, color: "indigo.6" },
              { name: "breached", label: d.breachedCases, color: "red.7" },
            ]}
            aria-hidden
            barChartProps={{ accessibilityLayer: false }}
            xAxisProps={{ allowDecimals: false }}
            withLegend
          />
          <Table mt="sm" fz="sm" verticalSpacing={4}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{d.owner}</Table.Th>
                <Table.Th ta="right">{d.cases}</Table.Th>
                <Table.Th ta="right">{d.breachedCases}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((r) => (
                <Table.Tr key={r.key}>
                  <Table.Td>{r.label}</Table.Td>
                  <Table.Td ta="right">
                    <ListLink link={r.openLink} label={`${r.label}: ${d.count(d.cases, r.open)}`}>
                      {r.open}
                    </ListLink>
                  </Table.Td>
                  <Table.Td ta="right">
                    <ListLink
                      link={r.breachedLink}
                      label={`${r.label}: ${d.count(d.breachedCases, r.breached)}`}
                    >
                      {r.breached}
                    </ListLink>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </>
      )}
    </Paper>
  );
}

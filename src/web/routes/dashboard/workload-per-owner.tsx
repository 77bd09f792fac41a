import { BarChart } from "@mantine/charts";
import { Paper, Table, Title } from "@mantine/core";
import { useQueries, useQuery } from "@tanstack/react-query";
import { hasRole, usersQuery } from "../../api/session";
import { AnchorLink } from "../../components/links";
import { EmptyState } from "../../components/states";
import { t } from "../../strings";
import { caseCountQuery } from "./case-counts";
import { countText } from "./count-link";

const OPEN = "open,in_progress";

/** Open cases per owner (and unassigned): a chart, and a table whose numbers link to each list. */
export function WorkloadPerOwner() {
  const users = useQuery(usersQuery);
  const owners = [
    ...(users.data?.items ?? [])
      .filter((u) => u.active && hasRole(u, "agent", "manager", "senior"))
      .map((u) => ({ key: u.id, name: u.name })),
    { key: "none", name: t.dashboard.unassigned },
  ];
  const counts = useQueries({
    queries: owners.map((o) => caseCountQuery({ owner: o.key, status: OPEN })),
  });
  const rows = owners.map((o, i) => ({ ...o, count: counts[i]?.data }));
  const d = t.dashboard;

  return (
    <Paper component="section" aria-label={d.workload}>
      <Title order={2} size="h4" mb="xs">
        {d.workload}
      </Title>
      {owners.length === 1 && users.isSuccess ? (
        <EmptyState>{d.noOwners}</EmptyState>
      ) : (
        <>
          <BarChart
            h={Math.max(120, rows.length * 36)}
            data={rows.map((r) => ({ owner: r.name, cases: r.count?.count ?? 0 }))}
            dataKey="owner"
            orientation="vertical"
            yAxisProps={{ width: 140 }}
            series={[{ name: "cases", label: d.cases, color: "indigo.6" }]}
            aria-hidden
            barChartProps={{ accessibilityLayer: false }}
            xAxisProps={{ allowDecimals: false }}
          />
          <Table mt="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{d.owner}</Table.Th>
                <Table.Th ta="right">{d.cases}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((r) => (
                <Table.Tr key={r.key}>
                  <Table.Td>{r.name}</Table.Td>
                  <Table.Td ta="right">
                    {r.count ? (
                      <AnchorLink to="/cases" search={{ owner: r.key, status: OPEN }}>
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
        </>
      )}
    </Paper>
  );
}

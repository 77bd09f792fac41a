import { Group, Paper, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { LEVELS, SEED_STATUSES, type Status } from "../../../shared/enums";
import type { Schemas } from "../../api/client";
import { ErrorState, Loading } from "../../components/states";
import { useTimezone } from "../../lib/hooks";
import { formatDateTime } from "../../lib/time";
import { statusLabel, t } from "../../strings";
import { CountLink } from "./count-link";
import { appLink } from "./dashboard-links";
import { dashboardQuery } from "./dashboard-query";
import { ReceivedPerWeek } from "./received-per-week";
import { WorkloadPerOwner } from "./workload-per-owner";

const OPEN_STATUSES = [...SEED_STATUSES.open, ...SEED_STATUSES.in_progress] as Status[];

/** R12 for a manager on Monday morning: where the open work is, what is late, who carries it. */
export function DashboardPage() {
  const dashboard = useQuery(dashboardQuery);
  const timeZone = useTimezone();
  const d = t.dashboard;
  return (
    <Stack gap="lg">
      <div>
        <Title order={1} size="h2">
          {d.title}
        </Title>
        <Text size="sm" c="dimmed">
          {d.intro}
          {dashboard.data && ` ${d.asOf(formatDateTime(dashboard.data.at, timeZone))}`}
        </Text>
      </div>
      {dashboard.isPending ? (
        <Loading />
      ) : dashboard.isError ? (
        <ErrorState error={dashboard.error} onRetry={() => dashboard.refetch()} />
      ) : (
        <DashboardFigures data={dashboard.data} />
      )}
    </Stack>
  );
}

function DashboardFigures({ data }: { data: Schemas["Dashboard"] }) {
  const d = t.dashboard;
  const link = (key: string, fill?: Record<string, string>) => {
    const api = data.links[key];
    return api ? appLink(api, fill) : undefined;
  };
  return (
    <>
      <SimpleGrid cols={{ base: 1, md: 3 }} spacing="lg">
        <Section title={d.open}>
          <CountLink label={d.bySeedStatus.open!} value={data.open.bySeedStatus.open} link={link("open")} />
          <CountLink
            label={d.bySeedStatus.in_progress!}
            value={data.open.bySeedStatus.in_progress}
            link={link("inProgress")}
          />
        </Section>
        <Section title={d.deadlines}>
          <CountLink label={d.dueSoon} value={data.deadlines.dueSoon} link={link("dueSoon")} />
          <CountLink label={d.breached} value={data.deadlines.breached} link={link("breached")} />
        </Section>
        <Section title={d.byLevel}>
          {LEVELS.map((level) => (
            <CountLink
              key={level}
              label={t.cases.levelShort(level)}
              value={data.open.byLevel[level]}
              link={link("level", { level: String(level) })}
            />
          ))}
        </Section>
      </SimpleGrid>
      <Section title={d.byStatus}>
        {OPEN_STATUSES.map((status) => (
          <CountLink
            key={status}
            label={statusLabel[status]}
            value={data.open.byStatus[status] ?? 0}
            link={{ to: "/cases", search: { status } }}
          />
        ))}
      </Section>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <Section title={d.followUps}>
          <CountLink
            label={d.followUpsPending}
            value={data.followUps.pending}
            link={link("followUps") ?? { to: "/cases", search: { due: "follow_up" } }}
          />
          {/* The case list cannot pick out the overdue ones alone: this number has no list of its own. */}
          <CountLink label={d.followUpsOverdue} value={data.followUps.overdue} link={undefined} />
        </Section>
        <Section title={d.capas}>
          <CountLink label={d.capasOverdue} value={data.capas.overdue} link={link("capasOverdue")} />
          <CountLink label={d.capaChecksDue} value={data.capas.checksDue} link={link("capaChecksDue")} />
        </Section>
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="xl">
        <WorkloadPerOwner workload={data.workload} ownerLink={data.links.owner} />
        <ReceivedPerWeek weeks={data.receivedPerWeek} timeZone={data.timezone} />
      </SimpleGrid>
    </>
  );
}

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <Paper component="section" aria-label={title}>
      <Title order={2} size="h4" mb="xs">
        {title}
      </Title>
      <Group gap="sm" wrap="wrap" align="stretch">
        {children}
      </Group>
    </Paper>
  );
}

import { Group, Paper, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { LEVELS } from "../../../shared/enums";
import { seedStatusLabel, t } from "../../strings";
import { COUNT_CAP } from "./case-counts";
import { CountLink } from "./count-link";
import { ReceivedPerWeek } from "./received-per-week";
import { WorkloadPerOwner } from "./workload-per-owner";

const OPEN = "open,in_progress";

/** R12 for a manager on Monday morning: where the open work is, what is late, who carries it. */
export function DashboardPage() {
  const d = t.dashboard;
  return (
    <Stack gap="lg">
      <div>
        <Title order={1} size="h2">
          {d.title}
        </Title>
        <Text size="sm" c="dimmed">
          {d.intro} {d.capped(COUNT_CAP)}
        </Text>
      </div>
      <SimpleGrid cols={{ base: 1, md: 3 }} spacing="lg">
        <Section title={d.bySeedStatus}>
          {(["open", "in_progress", "closed"] as const).map((s) => (
            <CountLink key={s} search={{ status: s }} label={seedStatusLabel[s]} />
          ))}
        </Section>
        <Section title={d.deadlines}>
          <CountLink search={{ due: "soon" }} label={d.dueSoon} />
          <CountLink search={{ due: "breached" }} label={d.breached} />
        </Section>
        <Section title={d.byLevel}>
          {LEVELS.map((level) => (
            <CountLink key={level} search={{ status: OPEN, level }} label={t.cases.levelShort(level)} />
          ))}
        </Section>
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="xl">
        <WorkloadPerOwner />
        <ReceivedPerWeek />
      </SimpleGrid>
    </Stack>
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

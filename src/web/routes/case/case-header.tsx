import { Badge, Group, Stack, Text, Title } from "@mantine/core";
import type { CaseView } from "../../api/client";
import { LevelBadge, SeverityBadge, StatusBadge } from "../../components/case-badges";
import { caseTypeLabel, t } from "../../strings";

/** Reference, summary, and the four facts a handler looks for first: status, level, owner, severity. */
export function CaseHeader({ item }: { item: CaseView }) {
  return (
    <Stack gap="xs">
      <Group gap="xs">
        <Text fw={700} c="dimmed">
          {item.reference}
        </Text>
        <Badge variant="outline" color="gray">
          {caseTypeLabel[item.type]}
        </Badge>
        {item.retention.legalHold && (
          <Badge variant="light" color="orange" title={t.casePage.legalHoldHint}>
            {t.casePage.legalHold}
          </Badge>
        )}
      </Group>
      <Title order={1} size="h2">
        {item.summary}
      </Title>
      <Group gap="lg" component="dl" m={0} wrap="wrap">
        <Fact label={t.casePage.status}>
          <StatusBadge status={item.status} />
        </Fact>
        <Fact label={t.casePage.level}>
          <LevelBadge level={item.level} />
        </Fact>
        <Fact label={t.casePage.owner}>
          <Text size="sm" fw={600}>
            {item.ownerName ?? t.cases.unassigned}
          </Text>
        </Fact>
        <Fact label={t.casePage.severity}>
          <SeverityBadge severity={item.severity} />
        </Fact>
        <Fact label={t.casePage.customer}>
          <Text size="sm" fw={600}>
            {item.customer?.name ?? t.cases.noCustomer}
          </Text>
        </Fact>
      </Group>
    </Stack>
  );
}

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Group gap={6} wrap="nowrap">
      <Text component="dt" size="sm" c="dimmed">
        {label}
      </Text>
      <Text component="dd" m={0} size="sm">
        {children}
      </Text>
    </Group>
  );
}

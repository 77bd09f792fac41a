import { Card, Group, Stack, Text } from "@mantine/core";
import type { BusinessCalendar } from "../../../shared/business-calendar";
import type { CaseView } from "../../api/client";
import { LevelBadge, NextDeadline, StatusBadge } from "../../components/case-badges";
import { AnchorLink } from "../../components/links";
import { t } from "../../strings";

interface Props {
  items: CaseView[];
  calendar: BusinessCalendar | undefined;
  timeZone: string;
  now: Date;
}

/** The list on a phone: one card per case with the same facts as a table row. */
export function CaseCards({ items, calendar, timeZone, now }: Props) {
  return (
    <Stack gap="sm" component="ul" p={0} m={0} style={{ listStyle: "none" }}>
      {items.map((item) => (
        <Card key={item.id} withBorder padding="sm" component="li">
          <Group justify="space-between" wrap="nowrap" align="flex-start">
            <AnchorLink to="/cases/$reference" params={{ reference: item.reference }} fw={600}>
              {item.reference}
            </AnchorLink>
            <Group gap={6} wrap="nowrap">
              <StatusBadge status={item.status} />
              <LevelBadge level={item.level} />
            </Group>
          </Group>
          <Text size="sm" mt={4} lineClamp={2}>
            {item.summary}
          </Text>
          <Text size="xs" c="dimmed" mt={4}>
            {item.customer?.name ?? t.cases.noCustomer} · {item.ownerName ?? t.cases.unassigned}
          </Text>
          <Stack mt={6} gap={0}>
            <NextDeadline item={item} calendar={calendar} timeZone={timeZone} now={now} />
          </Stack>
        </Card>
      ))}
    </Stack>
  );
}

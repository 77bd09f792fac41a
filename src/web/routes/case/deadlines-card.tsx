import { Group, Paper, Stack, Text, Title } from "@mantine/core";
import { DEADLINE_STEPS } from "../../../shared/enums";
import type { CaseView } from "../../api/client";
import { DeadlineStateBadge } from "../../components/case-badges";
import { useNow, useTimezone } from "../../lib/hooks";
import { describeSpan, durationUntil, formatDateTime } from "../../lib/time";
import { deadlineStepLabel, t } from "../../strings";

/** R4: acknowledge, assign, resolve — when each is due, whether it was met, how long is left. */
export function DeadlinesCard({ item }: { item: CaseView }) {
  const timeZone = useTimezone();
  const now = useNow();
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="deadlines-title">
      <Title order={2} size="h4" mb="sm" id="deadlines-title">
        {t.casePage.deadlines}
      </Title>
      <Stack gap="sm">
        {DEADLINE_STEPS.map((step) => {
          const d = item.deadlineStatus[step];
          const running = !d.completedAt && d.state !== "paused";
          const left = durationUntil(d.dueAt, now);
          const span = describeSpan(left.minutes);
          return (
            <div key={step}>
              <Group justify="space-between" wrap="nowrap">
                <Text fw={600}>{deadlineStepLabel[step]}</Text>
                <DeadlineStateBadge state={d.state} />
              </Group>
              <Text size="sm">
                {t.casePage.due} {formatDateTime(d.dueAt, timeZone)}
                {running && ` · ${left.overdue ? t.time.overdue(span) : t.time.left(span)}`}
              </Text>
              {d.completedAt && (
                <Text size="sm" c="dimmed">
                  {t.casePage.completed} {formatDateTime(d.completedAt, timeZone)}
                </Text>
              )}
            </div>
          );
        })}
      </Stack>
    </Paper>
  );
}

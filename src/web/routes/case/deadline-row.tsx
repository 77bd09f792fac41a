import { Group, Text } from "@mantine/core";
import type { DeadlineState } from "../../../shared/enums";
import { DeadlineStateBadge, TimeLeft } from "../../components/case-badges";
import { useCalendar, useNow, useTimezone } from "../../lib/hooks";
import { formatDateTime } from "../../lib/time";
import { t } from "../../strings";

interface DeadlineRowProps {
  label: string;
  deadline: { dueAt: string; state: DeadlineState; completedAt: string | null };
  /** Under the dates: who did it, a button. */
  children?: React.ReactNode;
}

/** One deadline: its state, when it is due and how much business time is left, or when it was done. */
export function DeadlineRow({ label, deadline: d, children }: DeadlineRowProps) {
  const timeZone = useTimezone();
  const calendar = useCalendar();
  const now = useNow();
  const running = !d.completedAt && d.state !== "paused";
  return (
    <div>
      <Group justify="space-between" wrap="nowrap">
        <Text fw={600}>{label}</Text>
        <DeadlineStateBadge state={d.state} />
      </Group>
      <Text size="sm">
        {t.casePage.due} {formatDateTime(d.dueAt, timeZone)}
        {running && calendar && (
          <>
            {" · "}
            <TimeLeft dueAt={d.dueAt} calendar={calendar} now={now} />
          </>
        )}
      </Text>
      {d.completedAt && (
        <Text size="sm" c="dimmed">
          {t.casePage.completed} {formatDateTime(d.completedAt, timeZone)}
        </Text>
      )}
      {children}
    </div>
  );
}

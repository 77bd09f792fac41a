import { Badge, type MantineColor, Text } from "@mantine/core";
import type { BusinessCalendar } from "../../shared/business-calendar";
import type { DeadlineState, DeadlineStep, Level, Severity, Status } from "../../shared/enums";
import type { CaseView } from "../api/client";
import { businessTimeUntil, describeTimeLeft } from "../lib/business-time";
import { formatDateTime } from "../lib/time";
import { deadlineStateLabel, deadlineStepLabel, severityLabel, statusLabel, t } from "../strings";
import { readableColor } from "../theme";

const STATUS_COLOR: Record<Status, MantineColor> = {
  new: "blue",
  acknowledged: "cyan",
  assigned: "indigo",
  investigating: "violet",
  awaiting_customer: "yellow",
  resolved: "teal",
  closed: "gray",
  archived: "gray",
};

export function StatusBadge({ status }: { status: Status }) {
  return (
    // Never cut to "ACKNO…" when a table squeezes its column.
    <Badge color={STATUS_COLOR[status]} variant="light" autoContrast style={{ minWidth: "max-content" }}>
      {statusLabel[status]}
    </Badge>
  );
}

// L3 in deep red with white text (5.8:1; Mantine's default red is under 4.5:1), L2 light orange, L1 outlined.
const LEVEL_STYLE: Record<Level, { color: MantineColor; variant: "outline" | "light" | "filled" }> = {
  1: { color: "gray", variant: "outline" },
  2: { color: "orange", variant: "light" },
  3: { color: "red.9", variant: "filled" },
};

export function LevelBadge({ level }: { level: Level }) {
  return (
    <Badge color={LEVEL_STYLE[level].color} variant={LEVEL_STYLE[level].variant} autoContrast>
      {t.cases.levelShort(level)}
    </Badge>
  );
}

const SEVERITY_COLOR: Record<Severity, MantineColor> = {
  low: "gray",
  medium: "blue",
  high: "orange",
  critical: "red",
};

export function SeverityBadge({ severity }: { severity: Severity | null }) {
  if (!severity)
    return (
      <Text size="sm" c="dimmed">
        {t.casePage.notAssessed}
      </Text>
    );
  return (
    <Badge color={SEVERITY_COLOR[severity]} variant="light" autoContrast>
      {severityLabel[severity]}
    </Badge>
  );
}

export const DEADLINE_COLOR: Record<DeadlineState, MantineColor> = {
  on_track: "green",
  due_soon: "orange",
  breached: "red",
  paused: "gray",
  met: "green",
  missed: "red",
};

export function DeadlineStateBadge({ state }: { state: DeadlineState }) {
  return (
    <Badge color={DEADLINE_COLOR[state]} variant="light" autoContrast>
      {deadlineStateLabel[state]}
    </Badge>
  );
}

/** "6 business hours left", "overdue by 1 business day": time to a deadline in the calendar's business time. */
export function TimeLeft({
  dueAt,
  calendar,
  now,
}: {
  dueAt: string;
  calendar?: BusinessCalendar;
  now: Date;
}) {
  const span = calendar && businessTimeUntil(calendar, dueAt, now);
  return span ? describeTimeLeft(span) : null;
}

interface NextDeadlineProps {
  item: CaseView;
  calendar: BusinessCalendar | undefined;
  timeZone: string;
  now: Date;
}

/** "Resolve · 6 business hours left" over "Tue 10 Mar 2026, 17:00" — the earliest deadline still running. */
export function NextDeadline({ item, calendar, timeZone, now }: NextDeadlineProps) {
  // A resolved case has no step deadline left, but may still owe the customer its follow-up (SOP 004).
  const followUp = item.followUp && !item.followUp.completedAt ? item.followUp : null;
  const next = item.nextDeadline ?? (followUp && { step: "follow_up", dueAt: followUp.dueAt });
  if (!next)
    return (
      <Text size="sm" c="dimmed">
        {t.cases.noDeadline}
      </Text>
    );
  const step = next.step as DeadlineStep;
  const state = (item.nextDeadline ? item.deadlineStatus[step]?.state : followUp?.state) ?? "on_track";
  const label = item.nextDeadline ? (deadlineStepLabel[step] ?? next.step) : t.followUp.title;
  return (
    <div>
      <Text
        size="sm"
        fw={600}
        c={DEADLINE_COLOR[state] === "green" ? undefined : readableColor(DEADLINE_COLOR[state])}
      >
        {label}
        {calendar && (
          <>
            {" · "}
            <TimeLeft dueAt={next.dueAt} calendar={calendar} now={now} />
          </>
        )}
      </Text>
      <Text size="xs" c="dimmed">
        {formatDateTime(next.dueAt, timeZone)}
      </Text>
    </div>
  );
}

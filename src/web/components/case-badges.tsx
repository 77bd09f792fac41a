import { Badge, type MantineColor, Text } from "@mantine/core";
import type { DeadlineState, DeadlineStep, Level, Severity, Status } from "../../shared/enums";
import type { CaseView } from "../api/client";
import { describeSpan, durationUntil, formatDateTime } from "../lib/time";
import { deadlineStateLabel, deadlineStepLabel, severityLabel, statusLabel, t } from "../strings";

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
    <Badge color={STATUS_COLOR[status]} variant="light" autoContrast>
      {statusLabel[status]}
    </Badge>
  );
}

const LEVEL_COLOR: Record<Level, MantineColor> = { 1: "gray", 2: "orange", 3: "red" };

export function LevelBadge({ level }: { level: Level }) {
  return (
    <Badge color={LEVEL_COLOR[level]} variant={level === 1 ? "outline" : "filled"} autoContrast>
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

/** "Resolve · Tue 10 Mar 2026, 17:00 · 2 d 3 h left" — the earliest deadline still running. */
export function NextDeadline({ item, timeZone, now }: { item: CaseView; timeZone: string; now: Date }) {
  const next = item.nextDeadline;
  if (!next)
    return (
      <Text size="sm" c="dimmed">
        {t.cases.noDeadline}
      </Text>
    );
  const step = next.step as DeadlineStep;
  const state = item.deadlineStatus[step]?.state ?? "on_track";
  const left = durationUntil(next.dueAt, now);
  const span = describeSpan(left.minutes);
  return (
    <div>
      <Text
        size="sm"
        fw={600}
        c={DEADLINE_COLOR[state] === "green" ? undefined : `${DEADLINE_COLOR[state]}.9`}
      >
        {deadlineStepLabel[step] ?? next.step} · {left.overdue ? t.time.overdue(span) : t.time.left(span)}
      </Text>
      <Text size="xs" c="dimmed">
        {formatDateTime(next.dueAt, timeZone)}
      </Text>
    </div>
  );
}

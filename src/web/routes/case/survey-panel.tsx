import { Badge, Button, Group, type MantineColor, Paper, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useRouteContext } from "@tanstack/react-router";
import { useState } from "react";
import type { CaseView, Schemas } from "../../api/client";
import { ErrorState, Loading } from "../../components/states";
import { useTimezone } from "../../lib/hooks";
import { formatDateTime } from "../../lib/time";
import { t } from "../../strings";
import { canCorrespond } from "./case-permissions";
import { feedbackQuery } from "./case-queries";
import { SurveyDialog } from "./survey-dialog";

type Invitation = Schemas["SurveyInvitation"];
const STATE_COLOR: Record<string, MantineColor> = { open: "blue", answered: "green", expired: "gray" };

/** R9: the satisfaction survey of each closure — invited, reminded, answered or expired — and the answers. */
export function SurveyPanel({ item }: { item: CaseView }) {
  const { user } = useRouteContext({ from: "/_app" });
  const feedback = useQuery(feedbackQuery(item.reference));
  const [recording, setRecording] = useState(false);
  const closed = item.status === "closed" || item.status === "archived";
  const items = feedback.data?.items ?? [];
  // Nothing to show before the first closure: the survey starts there.
  if (!closed && items.length === 0) return null;
  const open = items.some((i) => i.state === "open");

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="survey-title">
      <Title order={2} size="h4" mb="sm" id="survey-title">
        {t.survey.title}
      </Title>
      {feedback.isPending ? (
        <Loading />
      ) : feedback.isError ? (
        <ErrorState error={feedback.error} onRetry={() => feedback.refetch()} />
      ) : items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t.survey.none}
        </Text>
      ) : (
        <Stack gap="md">
          {items.map((invitation) => (
            <InvitationView key={invitation.id} invitation={invitation} />
          ))}
        </Stack>
      )}
      {open && canCorrespond(user) && item.status !== "archived" && (
        <Button size="xs" variant="light" mt="sm" onClick={() => setRecording(true)}>
          {t.survey.record}
        </Button>
      )}
      {recording && <SurveyDialog item={item} onClose={() => setRecording(false)} />}
    </Paper>
  );
}

function InvitationView({ invitation: i }: { invitation: Invitation }) {
  const timeZone = useTimezone();
  const s = t.survey;
  const r = i.response;
  return (
    <div>
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <Text size="sm" fw={600}>
          {s.invited(formatDateTime(i.invitedAt, timeZone))}
        </Text>
        <Badge color={STATE_COLOR[i.state]} variant="light" autoContrast style={{ flexShrink: 0 }}>
          {s.states[i.state]}
        </Badge>
      </Group>
      <Text size="sm" c="dimmed">
        {i.emailed ? s.emailed : s.notEmailed}
      </Text>
      {i.state === "open" && <Text size="sm">{s.expires(formatDateTime(i.expiresAt, timeZone))}</Text>}
      {i.remindedAt && (
        <Text size="sm" c="dimmed">
          {s.reminded(formatDateTime(i.remindedAt, timeZone))}
        </Text>
      )}
      {r && (
        <Stack gap={2} mt={6} component="dl" m={0}>
          <Answer label={s.satisfaction} value={s.score(r.satisfaction)} />
          <Answer label={s.resolved} value={r.resolved ? t.app.yes : t.app.no} />
          <Answer label={s.handling} value={s.score(r.handlingSatisfaction)} />
          {r.comment && <Answer label={s.comment} value={r.comment} />}
          <Text size="xs" c="dimmed">
            {s.answered(
              formatDateTime(r.answeredAt, timeZone),
              r.recordedById ? (s.channels[r.channel] ?? r.channel) : s.byLink,
            )}
          </Text>
        </Stack>
      )}
    </div>
  );
}

function Answer({ label, value }: { label: string; value: string }) {
  return (
    <Group gap={6} wrap="nowrap" align="flex-start">
      <Text component="dt" size="sm" c="dimmed">
        {label}:
      </Text>
      <Text component="dd" m={0} size="sm" fw={600} style={{ whiteSpace: "pre-wrap" }}>
        {value}
      </Text>
    </Group>
  );
}

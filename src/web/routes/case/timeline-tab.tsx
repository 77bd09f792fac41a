import { Badge, Group, Spoiler, Text, Timeline } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import type { Schemas } from "../../api/client";
import { usersQuery } from "../../api/session";
import { EmptyState, ErrorState, Loading } from "../../components/states";
import { useTimezone } from "../../lib/hooks";
import { formatDateTime } from "../../lib/time";
import { correspondenceKindLabel, t } from "../../strings";
import { correspondenceQuery, historyQuery } from "./case-queries";
import { eventDetail, eventText, noteOf } from "./event-text";

type Correspondence = Schemas["Correspondence"];
type AuditEvent = Schemas["AuditEvent"];

/** Events that the correspondence entry itself shows better (with its text). */
const SHOWN_AS_CORRESPONDENCE = new Set([
  "case.correspondence_logged",
  "case.message_sent",
  "case.customer_message",
  "case.email_received",
]);

type Entry = { at: string; key: string } & (
  | { kind: "event"; event: AuditEvent }
  | { kind: "message"; message: Correspondence }
);

/** One timeline of what happened and what was said, newest first. */
export function TimelineTab({ reference }: { reference: string }) {
  const history = useQuery(historyQuery(reference));
  const messages = useQuery(correspondenceQuery(reference));
  const timeZone = useTimezone();
  const users = useQuery(usersQuery);
  const names = new Map((users.data?.items ?? []).map((u) => [u.id, u.name]));

  if (history.isPending || messages.isPending) return <Loading />;
  if (history.isError) return <ErrorState error={history.error} onRetry={() => history.refetch()} />;
  if (messages.isError) return <ErrorState error={messages.error} onRetry={() => messages.refetch()} />;

  const entries: Entry[] = [
    ...history.data.items
      .filter((e) => !SHOWN_AS_CORRESPONDENCE.has(e.action))
      .map((event) => ({ kind: "event" as const, at: event.at, key: `e${event.id}`, event })),
    ...messages.data.items.map((message) => ({
      kind: "message" as const,
      at: message.occurredAt,
      key: `m${message.id}`,
      message,
    })),
  ].sort((a, b) => b.at.localeCompare(a.at));
  if (entries.length === 0) return <EmptyState>{t.timeline.empty}</EmptyState>;

  return (
    <Timeline bulletSize={14} lineWidth={2}>
      {entries.map((entry) =>
        entry.kind === "event" ? (
          <Timeline.Item key={entry.key} title={eventText(entry.event.action)}>
            <Meta at={entry.at} who={actorName(entry.event.actor)} timeZone={timeZone} />
            {[
              eventDetail(entry.event.action, entry.event.changes, names),
              entry.event.reason,
              noteOf(entry.event.changes),
            ]
              .filter(Boolean)
              .map((text) => (
                <Text key={text} size="sm" style={{ whiteSpace: "pre-wrap" }}>
                  {text}
                </Text>
              ))}
          </Timeline.Item>
        ) : (
          <Timeline.Item key={entry.key} title={<MessageTitle message={entry.message} />} color="teal">
            <Meta at={entry.at} who={entry.message.author?.name ?? entry.message.from} timeZone={timeZone} />
            {entry.message.subject && (
              <Text size="sm" fw={600}>
                {entry.message.subject}
              </Text>
            )}
            <Spoiler maxHeight={87} showLabel={t.timeline.more} hideLabel={t.timeline.less}>
              <Text size="sm" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
                {entry.message.body}
              </Text>
            </Spoiler>
          </Timeline.Item>
        ),
      )}
    </Timeline>
  );
}

function MessageTitle({ message }: { message: Correspondence }) {
  const delivery = message.deliveryStatus;
  return (
    <Group gap="xs">
      <span>
        {correspondenceKindLabel[message.kind]}
        {message.direction && ` · ${t.correspondence.directions[message.direction]}`}
      </span>
      {message.internal && (
        <Badge size="sm" color="gray" variant="light">
          {t.timeline.internal}
        </Badge>
      )}
      {delivery && (
        <Badge
          size="sm"
          variant="light"
          color={delivery === "sent" ? "green" : delivery === "failed" ? "red" : "yellow"}
        >
          {t.timeline[delivery]}
        </Badge>
      )}
    </Group>
  );
}

/** Who did it: a member of staff by name, the customer through their link, or Redress itself. */
export function actorName(actor: AuditEvent["actor"]): string | null {
  if (actor.name) return actor.name;
  return actor.kind === "public" ? t.timeline.customer : null;
}

function Meta({ at, who, timeZone }: { at: string; who: string | null; timeZone: string }) {
  return (
    <Text size="xs" c="dimmed">
      {formatDateTime(at, timeZone)} · {who ? t.timeline.by(who) : t.timeline.system}
    </Text>
  );
}

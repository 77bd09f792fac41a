import { Anchor, Badge, Button, Paper, Stack, Table, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { getRouteApi } from "@tanstack/react-router";
import { useState } from "react";
import type { Schemas } from "../../api/client";
import { ApiError } from "../../api/problem";
import { can, usersQuery } from "../../api/session";
import { AnchorLink } from "../../components/links";
import { EmptyState, ErrorState, Loading } from "../../components/states";
import { formatDay, formatMonth } from "../../lib/time";
import { t } from "../../strings";
import { reviewQuery, reviewsQuery } from "./quality-queries";
import { ReviewActionDialog } from "./review-action-dialog";

type Action = Schemas["ManagementReview"]["actions"][number] & { reviewPeriod?: string };
const route = getRouteApi("/_app/quality/reviews/$id");

/** R12: one management review — who, what was found, what was decided — and following up open actions. */
export function ReviewPage() {
  const { id } = route.useParams();
  const { user } = route.useRouteContext();
  const review = useQuery(reviewQuery(id));
  // Actions of earlier reviews are followed up on the review that decided them: found by the action's id.
  const all = useQuery(reviewsQuery);
  const [following, setFollowing] = useState<{ reviewId: string; action: Action } | null>(null);
  const r = t.reviews;
  if (review.isPending) return <Loading />;
  if (review.isError) {
    if (review.error instanceof ApiError && review.error.status === 404)
      return <EmptyState>{r.notFound}</EmptyState>;
    return <ErrorState error={review.error} onRetry={() => review.refetch()} />;
  }
  const v = review.data;
  const decidedBy = (actionId: string) =>
    all.data?.items.find((x) => x.actions.some((a) => a.id === actionId))?.id;
  const writer = can.writeReviews(user);
  const followUp = (reviewId: string | undefined, action: Action) =>
    writer && reviewId && action.status === "open" ? () => setFollowing({ reviewId, action }) : undefined;

  return (
    <Stack gap="md">
      <Title order={2} size="h3">
        {r.heading(v.period, formatDay(v.heldOn))}
      </Title>
      <Paper withBorder p="md">
        <Stack gap="sm" component="dl" m={0}>
          <Fact label={r.attendees}>{v.attendees.join(", ")}</Fact>
          {v.reportMonth && (
            <Fact label={r.reportMonth}>
              <Anchor href={`/api/v1/reports/monthly?month=${v.reportMonth}&format=pdf`} download>
                {formatMonth(v.reportMonth)} — {r.downloadReport}
              </Anchor>
            </Fact>
          )}
          <Fact label={r.findings}>{v.findings}</Fact>
        </Stack>
      </Paper>
      <Title order={3} size="h4">
        {r.actions}
      </Title>
      {v.actions.length === 0 ? (
        <EmptyState>{r.noActions}</EmptyState>
      ) : (
        <ActionsTable actions={v.actions} onFollowUp={(a) => followUp(v.id, a)} />
      )}
      <Title order={3} size="h4">
        {r.openFromEarlier}
      </Title>
      {v.openFromEarlier.length === 0 ? (
        <EmptyState>{r.noneFromEarlier}</EmptyState>
      ) : (
        <ActionsTable
          actions={v.openFromEarlier}
          onFollowUp={(a) => followUp(decidedBy(a.id), a)}
          withPeriod
        />
      )}
      {following && (
        <ReviewActionDialog
          reviewId={following.reviewId}
          action={following.action}
          onClose={() => setFollowing(null)}
        />
      )}
    </Stack>
  );
}

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Text component="dt" size="sm" c="dimmed">
        {label}
      </Text>
      <Text component="dd" m={0} size="sm" style={{ whiteSpace: "pre-wrap" }}>
        {children}
      </Text>
    </div>
  );
}

interface TableProps {
  actions: Action[];
  onFollowUp(action: Action): (() => void) | undefined;
  withPeriod?: boolean;
}

function ActionsTable({ actions, onFollowUp, withPeriod }: TableProps) {
  const users = useQuery(usersQuery);
  const r = t.reviews;
  const name = (id: string | null) => users.data?.items.find((u) => u.id === id)?.name ?? t.app.none;
  return (
    <Table.ScrollContainer minWidth={720}>
      <Table verticalSpacing="xs" striped>
        <Table.Thead>
          <Table.Tr>
            {withPeriod && <Table.Th>{r.fromPeriod}</Table.Th>}
            <Table.Th>{r.actionText}</Table.Th>
            <Table.Th>{r.actionOwner}</Table.Th>
            <Table.Th>{r.actionDue}</Table.Th>
            <Table.Th>{r.status}</Table.Th>
            <Table.Th>{r.followUpNote}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {actions.map((a) => {
            const follow = onFollowUp(a);
            return (
              <Table.Tr key={a.id}>
                {withPeriod && <Table.Td>{a.reviewPeriod}</Table.Td>}
                <Table.Td maw={300}>
                  <Text size="sm">{a.text}</Text>
                  {a.capaReference && (
                    <AnchorLink to="/capas/$reference" params={{ reference: a.capaReference }} size="sm">
                      {a.capaReference}
                    </AnchorLink>
                  )}
                </Table.Td>
                <Table.Td>{name(a.ownerId)}</Table.Td>
                <Table.Td>{a.dueDate ? formatDay(a.dueDate) : t.app.none}</Table.Td>
                <Table.Td>
                  <Badge
                    color={a.status === "open" ? "blue" : a.status === "done" ? "green" : "gray"}
                    variant="light"
                    autoContrast
                  >
                    {r.statuses[a.status]}
                  </Badge>
                </Table.Td>
                <Table.Td maw={260}>
                  {a.followUpNote && <Text size="sm">{a.followUpNote}</Text>}
                  {follow && (
                    <Button
                      size="xs"
                      variant="light"
                      onClick={follow}
                      aria-label={`${r.followUp}: ${a.text}`}
                    >
                      {r.followUp}
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

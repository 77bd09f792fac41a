import { Button, Group, Stack, Table, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useRouteContext } from "@tanstack/react-router";
import { useState } from "react";
import { can } from "../../api/session";
import { AnchorLink } from "../../components/links";
import { EmptyState, ErrorState, Loading } from "../../components/states";
import { formatDay } from "../../lib/time";
import { t } from "../../strings";
import { reviewsQuery } from "./quality-queries";
import { ReviewForm } from "./review-form";

/** R12 / ISO 10002 9.4: management reviews, newest first, and recording the next one. */
export function ReviewsPage() {
  const { user } = useRouteContext({ from: "/_app" });
  const reviews = useQuery(reviewsQuery);
  const [recording, setRecording] = useState(false);
  const r = t.reviews;
  const items = reviews.data?.items ?? [];
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start">
        <Text size="sm" maw={640}>
          {r.intro}
        </Text>
        {can.writeReviews(user) && !recording && (
          <Button onClick={() => setRecording(true)}>{r.record}</Button>
        )}
      </Group>
      {recording && <ReviewForm onDone={() => setRecording(false)} />}
      {reviews.isPending ? (
        <Loading />
      ) : reviews.isError ? (
        <ErrorState error={reviews.error} onRetry={() => reviews.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState>{r.empty}</EmptyState>
      ) : (
        <Table.ScrollContainer minWidth={600}>
          <Table striped verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{r.period}</Table.Th>
                <Table.Th>{r.heldOn}</Table.Th>
                <Table.Th>{r.attendees}</Table.Th>
                <Table.Th>{r.actions}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((review) => (
                <Table.Tr key={review.id}>
                  <Table.Td>
                    <AnchorLink to="/quality/reviews/$id" params={{ id: review.id }} fw={600}>
                      {review.period}
                    </AnchorLink>
                  </Table.Td>
                  <Table.Td>{formatDay(review.heldOn)}</Table.Td>
                  <Table.Td maw={320}>
                    <Text size="sm" lineClamp={2}>
                      {review.attendees.join(", ")}
                    </Text>
                  </Table.Td>
                  <Table.Td>{r.actionsCount(review.actions.length)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}

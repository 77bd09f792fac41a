import { Alert, Button, Group, Paper, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useNavigate, useRouteContext } from "@tanstack/react-router";
import { useState } from "react";
import { api } from "../../api/client";
import { data, errorMessage, fieldErrors } from "../../api/problem";
import { can } from "../../api/session";
import { AnchorLink } from "../../components/links";
import { EmptyState, ErrorState, Loading } from "../../components/states";
import { useTimezone } from "../../lib/hooks";
import { formatDateTime, formatMonth, previousMonthIn } from "../../lib/time";
import { t } from "../../strings";
import { samplesQuery } from "./quality-queries";

/** R13: the monthly samples drawn so far, how far their checks have got, and drawing one by hand. */
export function SamplesPage() {
  const { user } = useRouteContext({ from: "/_app" });
  const samples = useQuery(samplesQuery);
  const timeZone = useTimezone();
  const s = t.samples;
  const items = samples.data?.items ?? [];
  return (
    <Stack gap="md">
      <Text size="sm">{s.intro}</Text>
      {can.drawSample(user) && <DrawSampleForm timeZone={timeZone} />}
      {samples.isPending ? (
        <Loading />
      ) : samples.isError ? (
        <ErrorState error={samples.error} onRetry={() => samples.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState>{s.empty}</EmptyState>
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table striped verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{s.month}</Table.Th>
                <Table.Th>{s.rule}</Table.Th>
                <Table.Th ta="right">{s.population}</Table.Th>
                <Table.Th ta="right">{s.size}</Table.Th>
                <Table.Th>{s.progress}</Table.Th>
                <Table.Th>{s.drawnAt}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((sample) => (
                <Table.Tr key={sample.id}>
                  <Table.Td>
                    <AnchorLink to="/quality/samples/$month" params={{ month: sample.month }} fw={600}>
                      {formatMonth(sample.month)}
                    </AnchorLink>
                  </Table.Td>
                  <Table.Td>{sample.rule}</Table.Td>
                  <Table.Td ta="right">{sample.population}</Table.Td>
                  <Table.Td ta="right">{sample.items.length}</Table.Td>
                  <Table.Td>
                    {s.summary(sample.summary.passed, sample.summary.failed, sample.summary.pending)}
                  </Table.Td>
                  <Table.Td>{formatDateTime(sample.drawnAt, timeZone)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}

function DrawSampleForm({ timeZone }: { timeZone: string }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [month, setMonth] = useState(() => previousMonthIn(new Date(), timeZone));
  const draw = useMutation({
    mutationFn: () => data(api.POST("/api/v1/samples", { body: { month } })),
    onSuccess: async (sample) => {
      await queryClient.invalidateQueries({ queryKey: ["samples"] });
      notifications.show({ color: "green", message: t.samples.drawn(formatMonth(sample.month)) });
      await navigate({ to: "/quality/samples/$month", params: { month: sample.month } });
    },
  });
  const errors = fieldErrors(draw.error);
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="draw-sample">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          draw.mutate();
        }}
      >
        <Stack gap="sm">
          <Title order={2} size="h5" id="draw-sample">
            {t.samples.draw}
          </Title>
          <Text size="sm" c="dimmed">
            {t.samples.drawHelp}
          </Text>
          {draw.isError && !errors.month && (
            <Alert color="red" role="alert">
              {errorMessage(draw.error)}
            </Alert>
          )}
          <Group align="flex-end" gap="sm">
            <TextInput
              type="month"
              label={t.samples.month}
              value={month}
              onChange={(e) => setMonth(e.currentTarget.value)}
              error={errors.month}
            />
            <Button type="submit" loading={draw.isPending}>
              {t.samples.draw}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

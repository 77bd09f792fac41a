import { Anchor, Button, Group, Paper, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "../../api/client";
import { data } from "../../api/problem";
import { EmptyState, ErrorState, Loading } from "../../components/states";
import { useTimezone } from "../../lib/hooks";
import { formatDateTime, formatMonth, previousMonthIn } from "../../lib/time";
import { t } from "../../strings";

const FORMATS = ["pdf", "xlsx", "csv"] as const;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export const reportHref = (month: string, format: string) =>
  `/api/v1/reports/monthly?month=${encodeURIComponent(month)}&format=${format}`;

/** R12: the monthly report of any month as PDF, Excel or CSV, and the archive of those generated. */
export function ReportsPage() {
  const timeZone = useTimezone();
  const [month, setMonth] = useState(() => previousMonthIn(new Date(), timeZone));
  const archive = useQuery({ queryKey: ["reports"], queryFn: () => data(api.GET("/api/v1/reports")) });
  const r = t.reports;
  const valid = MONTH.test(month);
  const items = archive.data?.items ?? [];

  return (
    <Stack gap="md">
      <Text size="sm" maw={720}>
        {r.intro}
      </Text>
      <Paper withBorder p="md" component="section" aria-labelledby="report-download">
        <Title order={2} size="h5" id="report-download" mb="sm">
          {r.download}
        </Title>
        <Group align="flex-end" gap="sm" wrap="wrap">
          <TextInput
            type="month"
            label={r.month}
            value={month}
            onChange={(e) => setMonth(e.currentTarget.value)}
          />
          {FORMATS.map((format) => (
            <Button
              key={format}
              component="a"
              href={valid ? reportHref(month, format) : undefined}
              download
              variant={format === "pdf" ? "filled" : "default"}
              disabled={!valid}
              aria-label={r.downloadAs(valid ? formatMonth(month) : month, r.formats[format]!)}
            >
              {r.formats[format]}
            </Button>
          ))}
        </Group>
      </Paper>
      <section aria-labelledby="report-archive">
        <Title order={2} size="h4" id="report-archive">
          {r.archive}
        </Title>
        <Text size="sm" c="dimmed" mb="sm">
          {r.archiveIntro}
        </Text>
        {archive.isPending ? (
          <Loading />
        ) : archive.isError ? (
          <ErrorState error={archive.error} onRetry={() => archive.refetch()} />
        ) : items.length === 0 ? (
          <EmptyState>{r.empty}</EmptyState>
        ) : (
          <Table.ScrollContainer minWidth={600}>
            <Table striped verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{r.period}</Table.Th>
                  <Table.Th>{r.generated}</Table.Th>
                  <Table.Th>{r.distributed}</Table.Th>
                  <Table.Th>{r.downloads}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((report) => (
                  <Table.Tr key={report.id}>
                    <Table.Td fw={600}>{formatMonth(report.period)}</Table.Td>
                    <Table.Td>{formatDateTime(report.generatedAt, timeZone)}</Table.Td>
                    <Table.Td>
                      {report.distributedAt
                        ? formatDateTime(report.distributedAt, timeZone)
                        : r.notDistributed}
                    </Table.Td>
                    <Table.Td>
                      <Group gap="sm">
                        {FORMATS.filter((f) => report.downloads[f]).map((f) => (
                          <Anchor
                            key={f}
                            href={report.downloads[f]}
                            download
                            aria-label={r.downloadAs(formatMonth(report.period), r.formats[f]!)}
                          >
                            {r.formats[f]}
                          </Anchor>
                        ))}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </section>
    </Stack>
  );
}

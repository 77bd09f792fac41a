import { Badge, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api } from "../../api/client";
import { data } from "../../api/problem";
import { AnchorLink } from "../../components/links";
import { useDebounced, useTimezone } from "../../lib/hooks";
import { formatDate } from "../../lib/time";
import { statusLabel, t } from "../../strings";

interface Props {
  summary: string;
  description: string;
  email: string;
  phone: string;
}

interface Similar {
  reference: string;
  summary: string;
  status: keyof typeof statusLabel;
  receivedAt: string;
  customerName: string | null;
}

/** R1: while the agent types, open cases like this one and the same customer's earlier cases. */
export function SimilarCasesPanel(props: Props) {
  const input = useDebounced(
    {
      summary: props.summary.trim(),
      description: props.description.trim().slice(0, 300),
      email: props.email.trim(),
      phone: props.phone.trim(),
    },
    400,
  );
  const enabled = input.summary.length >= 3 || input.email.length >= 3 || input.phone.length >= 5;
  const similar = useQuery({
    queryKey: ["cases", "similar-at-intake", input],
    queryFn: () =>
      data(
        api.GET("/api/v1/cases/similar", {
          params: {
            query: {
              ...(input.summary ? { summary: input.summary } : {}),
              ...(input.description ? { description: input.description } : {}),
              ...(input.email ? { email: input.email } : {}),
              ...(input.phone ? { phone: input.phone } : {}),
            },
          },
        }),
      ),
    enabled,
    placeholderData: keepPreviousData,
  });

  return (
    <Stack gap="md" component="aside" aria-label={t.newCase.similarTitle} aria-live="polite">
      <CaseGroup title={t.newCase.customerCasesTitle} items={enabled ? similar.data?.customerCases : []} />
      <CaseGroup title={t.newCase.similarTitle} items={enabled ? similar.data?.similar : []} />
      {!enabled && (
        <Text size="sm" c="dimmed">
          {t.newCase.similarHint}
        </Text>
      )}
    </Stack>
  );
}

function CaseGroup({ title, items }: { title: string; items: Similar[] | undefined }) {
  const timeZone = useTimezone();
  return (
    <Paper withBorder p="sm">
      <Title order={2} size="h5" mb="xs">
        {title}
      </Title>
      {!items?.length ? (
        <Text size="sm" c="dimmed">
          {t.newCase.similarEmpty}
        </Text>
      ) : (
        <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: "none" }}>
          {items.map((item) => (
            <li key={item.reference}>
              <Group gap="xs" justify="space-between" wrap="nowrap">
                <AnchorLink
                  to="/cases/$reference"
                  params={{ reference: item.reference }}
                  target="_blank"
                  size="sm"
                  fw={600}
                >
                  {item.reference}
                </AnchorLink>
                <Badge size="sm" variant="light" color="gray">
                  {statusLabel[item.status]}
                </Badge>
              </Group>
              <Text size="sm" lineClamp={2}>
                {item.summary}
              </Text>
              <Text size="xs" c="dimmed">
                {[item.customerName, formatDate(item.receivedAt, timeZone)].filter(Boolean).join(" · ")}
              </Text>
            </li>
          ))}
        </Stack>
      )}
    </Paper>
  );
}

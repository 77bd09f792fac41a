import { Paper, Stack, Text, Title } from "@mantine/core";
import type { CaseView } from "../../api/client";
import { useTimezone } from "../../lib/hooks";
import { formatDateTime } from "../../lib/time";
import { channelLabel, confirmationLabel, outcomeLabel, t } from "../../strings";

const money = (m: { amountMinor: number; currency: string }) =>
  new Intl.NumberFormat("en-GB", { style: "currency", currency: m.currency }).format(m.amountMinor / 100);

/** What the customer told us and, once decided, what we decided. */
export function CaseDetails({ item }: { item: CaseView }) {
  const timeZone = useTimezone();
  const c = item.customer;
  const rows: [string, React.ReactNode][] = [
    [t.casePage.received, `${formatDateTime(item.receivedAt, timeZone)} · ${channelLabel[item.channel]}`],
    [t.casePage.customer, c ? [c.name, c.email, c.phone].filter(Boolean).join(" · ") : t.cases.noCustomer],
    [t.casePage.description, item.description],
    ...(item.desiredRemedy ? [[t.casePage.desiredRemedy, item.desiredRemedy] as [string, string]] : []),
    ...(item.outcome ? [[t.casePage.outcome, outcomeLabel[item.outcome]] as [string, string]] : []),
    ...(item.resolution ? [[t.casePage.resolution, item.resolution] as [string, string]] : []),
    ...(item.remedy ? [[t.casePage.remedy, money(item.remedy)] as [string, string]] : []),
    ...(item.customerConfirmation
      ? [[t.casePage.confirmation, confirmationLabel[item.customerConfirmation.state]] as [string, string]]
      : []),
  ];
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="details-title">
      <Title order={2} size="h4" mb="sm" id="details-title">
        {t.casePage.details}
      </Title>
      <Stack gap="sm" component="dl" m={0}>
        {rows.map(([label, value]) => (
          <div key={label}>
            <Text component="dt" size="sm" c="dimmed">
              {label}
            </Text>
            <Text component="dd" m={0} size="sm" style={{ whiteSpace: "pre-wrap" }}>
              {value}
            </Text>
          </div>
        ))}
      </Stack>
    </Paper>
  );
}

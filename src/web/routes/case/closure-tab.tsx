import { Alert, List, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import type { CaseView } from "../../api/client";
import { ErrorState, Loading } from "../../components/states";
import { useTimezone } from "../../lib/hooks";
import { formatDateTime } from "../../lib/time";
import { t } from "../../strings";
import { closureQuery } from "./case-queries";

/** R8: what still blocks closing — or, once closed, who was responsible for what. */
export function ClosureTab({ item }: { item: CaseView }) {
  const closure = useQuery(closureQuery(item.reference));
  const timeZone = useTimezone();
  if (closure.isPending) return <Loading />;
  if (closure.isError) return <ErrorState error={closure.error} onRetry={() => closure.refetch()} />;
  const { canClose, blockers, record } = closure.data;

  if (record) {
    const r = record.responsible;
    const people: [string, { name: string } | null][] = [
      [t.closure.owner, r.owner],
      [t.closure.resolvedBy, r.resolvedBy],
      [t.closure.verifiedBy, r.verifiedBy],
      [t.closure.closedBy, r.closedBy],
    ];
    return (
      <Stack gap="sm">
        <Alert color="green">{t.closure.closed(formatDateTime(record.closedAt, timeZone))}</Alert>
        <Title order={3} size="h5">
          {t.closure.responsible}
        </Title>
        <List spacing={4}>
          {people.map(([label, person]) => (
            <List.Item key={label}>
              {label}: {person?.name ?? t.app.none}
            </List.Item>
          ))}
        </List>
      </Stack>
    );
  }
  return (
    <Stack gap="sm">
      <Title order={3} size="h5">
        {t.closure.title}
      </Title>
      {canClose ? (
        <Alert color="green">{t.closure.ready}</Alert>
      ) : (
        <>
          <Text size="sm">{t.closure.blockersIntro}</Text>
          <List spacing={6} aria-label={t.closure.title}>
            {blockers.map((b) => (
              <List.Item key={b}>{b}</List.Item>
            ))}
          </List>
        </>
      )}
    </Stack>
  );
}

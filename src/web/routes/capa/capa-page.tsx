import { Alert, Badge, Grid, Group, Paper, Stack, Table, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { getRouteApi } from "@tanstack/react-router";
import type { Status } from "../../../shared/enums";
import type { Schemas } from "../../api/client";
import { ApiError } from "../../api/problem";
import { can } from "../../api/session";
import { AnchorLink } from "../../components/links";
import { EmptyState, ErrorState, Loading } from "../../components/states";
import { useTimezone } from "../../lib/hooks";
import { formatDateTime, formatDay } from "../../lib/time";
import { statusLabel, t } from "../../strings";
import { CapaActions } from "./capa-actions";
import { CapaAttention, CapaStatusBadge } from "./capa-badges";
import { capaQuery } from "./capa-queries";

const route = getRouteApi("/_app/capas/$reference");

/** R6: one CAPA — what it is, who owns it and by when, the cases behind it, and whether it worked. */
export function CapaPage() {
  const { reference } = route.useParams();
  const { user } = route.useRouteContext();
  const found = useQuery(capaQuery(reference));
  if (found.isPending) return <Loading />;
  if (found.isError) {
    if (found.error instanceof ApiError && found.error.status === 404)
      return <EmptyState>{t.capa.notFound(reference)}</EmptyState>;
    return <ErrorState error={found.error} onRetry={() => found.refetch()} />;
  }
  const capa = found.data;

  return (
    <Stack gap="md">
      <Stack gap="xs">
        <Group gap="xs">
          <Text fw={700} c="dimmed">
            {capa.reference}
          </Text>
          <Badge variant="outline" color="gray">
            {t.capa.short}
          </Badge>
        </Group>
        <Title order={1} size="h2">
          {capa.title}
        </Title>
        <Group gap="xs">
          <CapaStatusBadge status={capa.status} />
          <CapaAttention capa={capa} />
        </Group>
      </Stack>
      {can.writeCapas(user) ? (
        <CapaActions capa={capa} />
      ) : (
        <Text size="sm" c="dimmed">
          {t.capa.readOnly}
        </Text>
      )}
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Stack gap="md">
            <CapaFacts capa={capa} />
            <LinkedCases cases={capa.cases} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <EffectivenessCard capa={capa} />
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

function Facts({ rows }: { rows: [string, React.ReactNode][] }) {
  return (
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
  );
}

function CapaFacts({ capa }: { capa: Schemas["Capa"] }) {
  const c = t.capa;
  const none = t.app.none;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="capa-details">
      <Title order={2} size="h4" mb="sm" id="capa-details">
        {c.details}
      </Title>
      <Facts
        rows={[
          [c.owner, capa.ownerName ?? c.noOwner],
          [c.dueDate, formatDay(capa.dueDate)],
          [c.description, capa.description ?? none],
          [c.rootCauseCategory, capa.rootCauseCategory ?? none],
          [c.rootCause, capa.rootCause ?? none],
          [c.lessonsLearned, capa.lessonsLearned ?? none],
        ]}
      />
    </Paper>
  );
}

function LinkedCases({ cases }: { cases: Schemas["Capa"]["cases"] }) {
  const c = t.capa;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="capa-cases">
      <Title order={2} size="h4" mb="sm" id="capa-cases">
        {c.linkedCases}
      </Title>
      {cases.length === 0 ? (
        <EmptyState>{c.noCases}</EmptyState>
      ) : (
        <Table.ScrollContainer minWidth={420}>
          <Table verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t.cases.columns.reference}</Table.Th>
                <Table.Th>{t.cases.columns.summary}</Table.Th>
                <Table.Th>{t.cases.columns.status}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {cases.map((k) => (
                <Table.Tr key={k.reference}>
                  <Table.Td style={{ whiteSpace: "nowrap" }}>
                    <AnchorLink to="/cases/$reference" params={{ reference: k.reference }} fw={600}>
                      {k.reference}
                    </AnchorLink>
                  </Table.Td>
                  <Table.Td>{k.summary}</Table.Td>
                  <Table.Td>{statusLabel[k.status as Status] ?? k.status}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Paper>
  );
}

function EffectivenessCard({ capa }: { capa: Schemas["Capa"] }) {
  const timeZone = useTimezone();
  const c = t.capa;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="capa-check">
      <Title order={2} size="h4" mb="sm" id="capa-check">
        {c.effectiveness}
      </Title>
      {capa.effectivenessResult ? (
        <Stack gap="sm">
          <Alert color={capa.effectivenessResult === "effective" ? "green" : "red"}>
            {c.results[capa.effectivenessResult]}
          </Alert>
          <Facts
            rows={[
              [
                c.checkOnDate,
                capa.effectivenessCheckDate ? formatDay(capa.effectivenessCheckDate) : t.app.none,
              ],
              [c.checkedAt, capa.checkedAt ? formatDateTime(capa.checkedAt, timeZone) : t.app.none],
              [c.evidence, capa.effectivenessEvidence ?? t.app.none],
            ]}
          />
        </Stack>
      ) : (
        <Text size="sm">
          {c.notChecked} {capa.effectivenessCheckDate && c.checkOn(formatDay(capa.effectivenessCheckDate))}
        </Text>
      )}
    </Paper>
  );
}

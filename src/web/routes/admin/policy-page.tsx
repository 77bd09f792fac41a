import {
  Alert,
  Button,
  Group,
  NumberInput,
  Paper,
  Stack,
  Switch,
  TagsInput,
  Text,
  Title,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { api, type Schemas } from "../../api/client";
import { data, errorMessage, fieldErrors } from "../../api/problem";
import { ErrorState, Loading } from "../../components/states";
import { t } from "../../strings";

type Policy = Schemas["Policy"];

/** R4/R5: timelines, escalation thresholds, the recurrence rule and the switches of the procedure. */
export function PolicyPage() {
  const queryClient = useQueryClient();
  const current = useQuery({ queryKey: ["policy"], queryFn: () => data(api.GET("/api/v1/policy")) });
  const [p, setP] = useState<Policy | null>(null);
  useEffect(() => {
    if (current.data) setP(current.data as Policy);
  }, [current.data]);
  const save = useMutation({
    mutationFn: (body: Policy) => data(api.PUT("/api/v1/policy", { body })),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ["policy"] });
      notifications.show({ color: "green", message: t.app.saved });
    },
  });
  if (current.isError) return <ErrorState error={current.error} onRetry={() => current.refetch()} />;
  if (!p) return <Loading />;
  const l = t.admin.policy;
  const errors = fieldErrors(save.error);
  const num = (label: string, value: number, field: string, change: (n: number) => Policy) => (
    <NumberInput
      label={label}
      value={value}
      min={0}
      decimalScale={2}
      onChange={(v) => typeof v === "number" && setP(change(v))}
      error={errors[field]}
      maw={260}
    />
  );

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate(p);
      }}
    >
      <Stack gap="md" maw={720}>
        <Text size="sm">{l.note}</Text>
        {save.isError && (
          <Alert color="red" role="alert">
            {errorMessage(save.error)}
          </Alert>
        )}
        <Block title={l.timelines}>
          {num(l.acknowledgeHours, p.acknowledge.hours, "acknowledge.hours", (hours) => ({
            ...p,
            acknowledge: { ...p.acknowledge, hours },
          }))}
          <Switch
            label={l.acknowledgeBusiness}
            checked={p.acknowledge.businessTime}
            onChange={(e) =>
              setP({ ...p, acknowledge: { ...p.acknowledge, businessTime: e.currentTarget.checked } })
            }
          />
          {num(l.assignDays, p.assignBusinessDays, "assignBusinessDays", (n) => ({
            ...p,
            assignBusinessDays: n,
          }))}
          {num(l.resolveDays, p.resolveBusinessDays, "resolveBusinessDays", (n) => ({
            ...p,
            resolveBusinessDays: n,
          }))}
          {num(l.dueSoonPercent, p.dueSoonPercent, "dueSoonPercent", (n) => ({ ...p, dueSoonPercent: n }))}
          {num(l.followUpDays, p.followUpBusinessDays, "followUpBusinessDays", (n) => ({
            ...p,
            followUpBusinessDays: n,
          }))}
        </Block>
        <Block title={l.escalation}>
          {num(l.level2, p.escalation.level2BusinessDays, "escalation.level2BusinessDays", (n) => ({
            ...p,
            escalation: { ...p.escalation, level2BusinessDays: n },
          }))}
          {num(l.level3, p.escalation.level3BusinessDays, "escalation.level3BusinessDays", (n) => ({
            ...p,
            escalation: { ...p.escalation, level3BusinessDays: n },
          }))}
          <Text size="sm" fw={500}>
            {l.recurrence}
          </Text>
          <Group gap="sm">
            {num(l.recurrenceCount, p.recurrence.count, "recurrence.count", (count) => ({
              ...p,
              recurrence: { ...p.recurrence, count },
            }))}
            {num(l.recurrenceWindow, p.recurrence.windowDays, "recurrence.windowDays", (windowDays) => ({
              ...p,
              recurrence: { ...p.recurrence, windowDays },
            }))}
          </Group>
        </Block>
        <Block title={l.rules}>
          {num(l.reopenWindow, p.reopenWindowDays, "reopenWindowDays", (n) => ({
            ...p,
            reopenWindowDays: n,
          }))}
          <Switch
            label={l.fourEyes}
            checked={p.fourEyesVerification}
            onChange={(e) => setP({ ...p, fourEyesVerification: e.currentTarget.checked })}
          />
          <Switch
            label={l.autoAcknowledge}
            checked={p.autoAcknowledge}
            onChange={(e) => setP({ ...p, autoAcknowledge: e.currentTarget.checked })}
          />
          <TagsInput
            label={l.rootCauses}
            value={p.rootCauseCategories}
            onChange={(rootCauseCategories) => setP({ ...p, rootCauseCategories })}
            error={errors.rootCauseCategories}
          />
        </Block>
        <Group>
          <Button type="submit" loading={save.isPending}>
            {l.save}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function Block({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <Paper withBorder p="md" component="fieldset" m={0}>
      <Title order={2} size="h4" component="legend" px={4}>
        {title}
      </Title>
      <Stack gap="sm">{children}</Stack>
    </Paper>
  );
}

import {
  Alert,
  Button,
  Group,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Textarea,
  TextInput,
  Title,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import { useState } from "react";
import { api } from "../../api/client";
import { data, errorMessage, fieldErrors } from "../../api/problem";
import { usersQuery } from "../../api/session";
import { useTimezone } from "../../lib/hooks";
import { previousMonthIn, todayIn } from "../../lib/time";
import { t } from "../../strings";
import {
  emptyReview,
  emptyReviewAction,
  type ReviewActionValues,
  type ReviewValues,
  reviewBody,
} from "./review-body";

const PLACED = ["period", "heldOn", "attendees", "reportMonth", "findings"];

/** R12: record a management review — period, attendees, the report reviewed, findings, decided actions. */
export function ReviewForm({ onDone }: { onDone(): void }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const timeZone = useTimezone();
  const [values, setValues] = useState<ReviewValues>(() =>
    emptyReview(previousMonthIn(new Date(), timeZone), todayIn(new Date(), timeZone)),
  );
  const record = useMutation({
    mutationFn: () => data(api.POST("/api/v1/reviews", { body: reviewBody(values) })),
    onSuccess: async (review) => {
      await queryClient.invalidateQueries({ queryKey: ["reviews"] });
      await queryClient.invalidateQueries({ queryKey: ["capas"] });
      notifications.show({ color: "green", message: t.reviews.recorded });
      onDone();
      await navigate({ to: "/quality/reviews/$id", params: { id: review.id } });
    },
  });
  const errors = fieldErrors(record.error);
  const unplaced = Object.keys(errors).some((f) => !PLACED.includes(f));
  const r = t.reviews;
  const text = (key: Exclude<keyof ReviewValues, "actions">) => ({
    value: values[key],
    onChange: (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => {
      const value = e.currentTarget.value;
      setValues((v) => ({ ...v, [key]: value }));
    },
    error: errors[key],
  });
  const setAction = (i: number, patch: Partial<ReviewActionValues>) =>
    setValues((v) => ({ ...v, actions: v.actions.map((a, j) => (j === i ? { ...a, ...patch } : a)) }));

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="record-review">
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (!record.isPending) record.mutate();
        }}
      >
        <Stack gap="sm">
          <Title order={2} size="h4" id="record-review">
            {r.record}
          </Title>
          {record.isError && (Object.keys(errors).length === 0 || unplaced) && (
            <Alert color="red" role="alert">
              {unplaced
                ? Object.entries(errors)
                    .map(([f, m]) => `${f} ${m}`)
                    .join("; ")
                : errorMessage(record.error)}
            </Alert>
          )}
          <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="sm">
            <TextInput label={r.period} description={r.periodHint} withAsterisk {...text("period")} />
            <TextInput type="date" label={r.heldOn} withAsterisk {...text("heldOn")} />
            <TextInput type="month" label={t.app.optional(r.reportMonth)} {...text("reportMonth")} />
          </SimpleGrid>
          <Textarea
            label={r.attendees}
            description={r.attendeesHint}
            withAsterisk
            autosize
            minRows={2}
            {...text("attendees")}
          />
          <Textarea label={r.findings} withAsterisk autosize minRows={4} {...text("findings")} />
          <Title order={3} size="h5">
            {r.actions}
          </Title>
          {values.actions.map((action, i) => (
            <ActionFields
              // biome-ignore lint/suspicious/noArrayIndexKey: rows are only added at the end or removed by index
              key={i}
              n={i + 1}
              action={action}
              onChange={(patch) => setAction(i, patch)}
              onRemove={() => setValues((v) => ({ ...v, actions: v.actions.filter((_, j) => j !== i) }))}
            />
          ))}
          <Group justify="space-between">
            <Button
              variant="default"
              onClick={() => setValues((v) => ({ ...v, actions: [...v.actions, emptyReviewAction()] }))}
            >
              {r.addAction}
            </Button>
            <Group gap="sm">
              <Button variant="default" onClick={onDone}>
                {t.app.cancel}
              </Button>
              <Button type="submit" loading={record.isPending}>
                {r.record}
              </Button>
            </Group>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

interface ActionFieldsProps {
  n: number;
  action: ReviewActionValues;
  onChange(patch: Partial<ReviewActionValues>): void;
  onRemove(): void;
}

function ActionFields({ n, action, onChange, onRemove }: ActionFieldsProps) {
  const users = useQuery(usersQuery);
  const r = t.reviews;
  return (
    <Paper withBorder p="sm" component="fieldset" aria-label={r.actionN(n)} m={0}>
      <Stack gap="xs">
        <Textarea
          label={`${r.actionN(n)}: ${r.actionText}`}
          value={action.text}
          onChange={(e) => onChange({ text: e.currentTarget.value })}
          autosize
          minRows={1}
        />
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
          <Select
            label={t.app.optional(r.actionOwner)}
            data={(users.data?.items ?? [])
              .filter((u) => u.active)
              .map((u) => ({ value: u.id, label: u.name }))}
            value={action.ownerId || null}
            onChange={(id) => onChange({ ownerId: id ?? "" })}
            clearable
            searchable
            comboboxProps={{ withinPortal: true }}
          />
          <TextInput
            type="date"
            label={t.app.optional(r.actionDue)}
            value={action.dueDate}
            onChange={(e) => onChange({ dueDate: e.currentTarget.value })}
          />
        </SimpleGrid>
        <TextInput
          label={t.app.optional(`${r.capa}: ${t.capa.casesField}`)}
          description={t.capa.casesHint}
          value={action.capaCases}
          onChange={(e) => onChange({ capaCases: e.currentTarget.value })}
        />
        <Group justify="flex-end">
          <Button variant="subtle" color="red" size="xs" onClick={onRemove}>
            {r.removeAction}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

import {
  Alert,
  Button,
  Fieldset,
  Grid,
  Group,
  Input,
  NativeSelect,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import { useState } from "react";
import {
  CASE_TYPES,
  type CaseType,
  CHANNELS,
  type Channel,
  SEVERITIES,
  type Severity,
} from "../../../shared/enums";
import { api, idempotencyKey } from "../../api/client";
import { data, errorMessage, fieldErrors } from "../../api/problem";
import { useTimezone } from "../../lib/hooks";
import { fromZonedInput, toZonedInput } from "../../lib/time";
import { caseTypeLabel, channelLabel, severityLabel, t } from "../../strings";
import { emptyIntake, type IntakeValues, intakeBody } from "./intake-form";
import { SimilarCasesPanel } from "./similar-cases-panel";

/** Intake channels first: this form is for calls and visits; the others stay available. */
const CHANNEL_ORDER: Channel[] = [
  "phone",
  "in_person",
  ...CHANNELS.filter((c) => c !== "phone" && c !== "in_person"),
];

/** R1: a case logged while the customer is on the phone or at the counter — keyboard first. */
export function NewCasePage() {
  const timeZone = useTimezone();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [values, setValues] = useState<IntakeValues>(() => emptyIntake(toZonedInput(new Date(), timeZone)));
  const [key] = useState(idempotencyKey);
  const set = <K extends keyof IntakeValues>(field: K, value: IntakeValues[K]) =>
    setValues((v) => ({ ...v, [field]: value }));

  const create = useMutation({
    mutationFn: () =>
      data(
        api.POST("/api/v1/cases", {
          body: intakeBody(values, (local) => fromZonedInput(local, timeZone)),
          headers: key,
        }),
      ),
    onSuccess: async (created) => {
      await queryClient.invalidateQueries({ queryKey: ["cases"] });
      notifications.show({ color: "green", message: t.newCase.created(created.reference) });
      await navigate({ to: "/cases/$reference", params: { reference: created.reference } });
    },
  });
  const errors = fieldErrors(create.error);
  const known = new Set(["type", "channel", "receivedAt", "customer", "summary", "description"]);
  const shownElsewhere = (field: string) =>
    known.has(field) || field.startsWith("customer.") || field in values;
  const unplaced = Object.entries(errors).filter(([field]) => !shownElsewhere(field));

  function submit(event?: React.FormEvent) {
    event?.preventDefault();
    if (!create.isPending) create.mutate();
  }

  return (
    <Stack gap="md">
      <div>
        <Title order={1} size="h2">
          {t.newCase.title}
        </Title>
        <Text c="dimmed" size="sm">
          {t.newCase.intro}
        </Text>
      </div>
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <form
            onSubmit={submit}
            onKeyDown={(e) => {
              if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) submit(e);
            }}
            noValidate
          >
            <Stack gap="md">
              {create.isError && (
                <Alert color="red" role="alert" title={t.newCase.fixErrors}>
                  {Object.keys(errors).length === 0 && errorMessage(create.error)}
                  {unplaced.map(([field, message]) => (
                    <div key={field}>
                      {field} {message}
                    </div>
                  ))}
                </Alert>
              )}
              <Group gap="md" align="flex-end" wrap="wrap">
                <Stack gap={4}>
                  <Input.Label component="span" id="case-type-label">
                    {t.newCase.type}
                  </Input.Label>
                  <SegmentedControl
                    aria-labelledby="case-type-label"
                    value={values.type}
                    onChange={(v) => set("type", v as CaseType)}
                    data={CASE_TYPES.map((v) => ({ value: v, label: caseTypeLabel[v] }))}
                  />
                </Stack>
                <NativeSelect
                  label={t.newCase.channel}
                  value={values.channel}
                  onChange={(e) => set("channel", e.currentTarget.value as Channel)}
                  data={CHANNEL_ORDER.map((v) => ({ value: v, label: channelLabel[v] }))}
                  error={errors.channel}
                />
                <TextInput
                  label={t.newCase.receivedAt}
                  type="datetime-local"
                  value={values.receivedAt}
                  onChange={(e) =>
                    setValues((v) => ({ ...v, receivedAt: e.currentTarget.value, receivedAtChanged: true }))
                  }
                  description={t.newCase.receivedAtHint(timeZone)}
                  error={errors.receivedAt}
                />
              </Group>
              <Fieldset legend={t.newCase.customer} aria-describedby="customer-hint">
                <Stack gap="sm">
                  <Text size="xs" c="dimmed" id="customer-hint">
                    {t.newCase.contactHint}
                  </Text>
                  <TextInput
                    label={t.newCase.customerName}
                    value={values.name}
                    onChange={(e) => set("name", e.currentTarget.value)}
                    error={errors["customer.name"]}
                    autoComplete="off"
                    data-autofocus
                    autoFocus
                  />
                  <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
                    <TextInput
                      label={t.newCase.customerPhone}
                      type="tel"
                      value={values.phone}
                      onChange={(e) => set("phone", e.currentTarget.value)}
                      error={errors["customer.phone"]}
                      autoComplete="off"
                    />
                    <TextInput
                      label={t.newCase.customerEmail}
                      type="email"
                      value={values.email}
                      onChange={(e) => set("email", e.currentTarget.value)}
                      error={errors["customer.email"]}
                      autoComplete="off"
                    />
                  </SimpleGrid>
                  {errors.customer && (
                    <Text c="red.8" size="sm" role="alert">
                      {t.newCase.customer} {errors.customer}
                    </Text>
                  )}
                </Stack>
              </Fieldset>
              <TextInput
                label={t.newCase.summary}
                description={t.newCase.summaryHint}
                value={values.summary}
                onChange={(e) => set("summary", e.currentTarget.value)}
                error={errors.summary}
                maxLength={300}
                withAsterisk
              />
              <Textarea
                label={t.newCase.description}
                value={values.description}
                onChange={(e) => set("description", e.currentTarget.value)}
                error={errors.description}
                autosize
                minRows={4}
                withAsterisk
              />
              <Textarea
                label={t.newCase.desiredRemedy}
                value={values.desiredRemedy}
                onChange={(e) => set("desiredRemedy", e.currentTarget.value)}
                error={errors.desiredRemedy}
                autosize
                minRows={2}
              />
              <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
                <NativeSelect
                  label={t.newCase.severity}
                  value={values.severity}
                  onChange={(e) => set("severity", e.currentTarget.value as Severity | "")}
                  data={[
                    { value: "", label: t.newCase.severityDefault },
                    ...SEVERITIES.map((v) => ({ value: v, label: severityLabel[v] })),
                  ]}
                  error={errors.severity}
                />
                <TextInput
                  label={t.newCase.category}
                  value={values.category}
                  onChange={(e) => set("category", e.currentTarget.value)}
                  error={errors.category}
                />
                <TextInput
                  label={t.newCase.productRef}
                  value={values.productRef}
                  onChange={(e) => set("productRef", e.currentTarget.value)}
                  error={errors.productRef}
                />
              </SimpleGrid>
              <Group>
                <Button type="submit" loading={create.isPending}>
                  {t.newCase.submit}
                </Button>
              </Group>
            </Stack>
          </form>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <SimilarCasesPanel
            summary={values.summary}
            description={values.description}
            email={values.email}
            phone={values.phone}
          />
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

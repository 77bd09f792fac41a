import { Group, NativeSelect, Radio, Textarea } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, type CaseView, ifMatch } from "../../api/client";
import { ApiError, data, fieldErrors } from "../../api/problem";
import { FormDialog } from "../../components/form-dialog";
import { t } from "../../strings";
import { emptySurveyValues, SURVEY_CHANNELS, type SurveyValues, surveyBody } from "./survey-answer";

const SCORES = ["1", "2", "3", "4", "5"];

/** R9: staff record the survey answers a customer gave them (by phone, letter, in person or email). */
export function SurveyDialog({ item, onClose }: { item: CaseView; onClose(): void }) {
  const queryClient = useQueryClient();
  const [values, setValues] = useState<SurveyValues>(emptySurveyValues);
  const set =
    <K extends keyof SurveyValues>(key: K) =>
    (value: SurveyValues[K]) =>
      setValues((v) => ({ ...v, [key]: value }));
  const record = useMutation({
    mutationFn: () =>
      data(
        api.POST("/api/v1/cases/{reference}/feedback", {
          params: { path: { reference: item.reference } },
          body: surveyBody(values),
          headers: ifMatch(item.version),
        }),
      ),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ["case", item.reference] });
      notifications.show({ color: "green", message: t.survey.saved });
      onClose();
    },
    onError: async (error) => {
      if (error instanceof ApiError && error.status === 412)
        await queryClient.invalidateQueries({ queryKey: ["case", item.reference] });
    },
  });
  const errors = fieldErrors(record.error);
  const s = t.survey;
  const score = (key: "satisfaction" | "handlingSatisfaction", label: string) => (
    <Radio.Group
      label={label}
      description={s.scoreHint}
      value={values[key]}
      onChange={set(key)}
      error={errors[key]}
      withAsterisk
    >
      <Group gap="md" mt={6}>
        {SCORES.map((n) => (
          <Radio key={n} value={n} label={n} />
        ))}
      </Group>
    </Radio.Group>
  );

  return (
    <FormDialog
      title={s.record}
      help={s.help}
      submitLabel={t.app.save}
      pending={record.isPending}
      error={record.error}
      fields={["satisfaction", "resolved", "handlingSatisfaction", "comment", "channel"]}
      onSubmit={() => record.mutate()}
      onClose={onClose}
    >
      {score("satisfaction", s.satisfaction)}
      <Radio.Group
        label={s.resolved}
        value={values.resolved}
        onChange={(v) => set("resolved")(v as SurveyValues["resolved"])}
        error={errors.resolved}
        withAsterisk
      >
        <Group gap="md" mt={6}>
          <Radio value="yes" label={t.app.yes} />
          <Radio value="no" label={t.app.no} />
        </Group>
      </Radio.Group>
      {score("handlingSatisfaction", s.handling)}
      <Textarea
        label={t.app.optional(s.comment)}
        value={values.comment}
        onChange={(e) => set("comment")(e.currentTarget.value)}
        error={errors.comment}
        autosize
        minRows={2}
      />
      <NativeSelect
        label={s.channel}
        value={values.channel}
        onChange={(e) => set("channel")(e.currentTarget.value as SurveyValues["channel"])}
        data={SURVEY_CHANNELS.map((c) => ({ value: c, label: s.channels[c]! }))}
        error={errors.channel}
      />
    </FormDialog>
  );
}

import { Alert, Autocomplete, Button, Group, Stack, Textarea, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouteContext } from "@tanstack/react-router";
import { useEffect, useState } from "react";
import { api, type CaseView, type Schemas } from "../../api/client";
import { data, errorMessage, fieldErrors } from "../../api/problem";
import { ErrorState, Loading } from "../../components/states";
import { t } from "../../strings";
import { ActionItems } from "./action-items";
import { canInvestigate } from "./case-permissions";
import { investigationQuery } from "./case-queries";

const FIELDS = [
  ["findings", 4],
  ["peopleInterviewed", 2],
  ["recordsReviewed", 2],
  ["rootCause", 2],
  ["notInvestigatedReason", 2],
] as const;
type Values = Record<(typeof FIELDS)[number][0] | "rootCauseCategory", string>;

const toValues = (i: Schemas["Investigation"]): Values => ({
  findings: i.findings ?? "",
  peopleInterviewed: i.peopleInterviewed ?? "",
  recordsReviewed: i.recordsReviewed ?? "",
  rootCauseCategory: i.rootCauseCategory ?? "",
  rootCause: i.rootCause ?? "",
  notInvestigatedReason: i.notInvestigatedReason ?? "",
});

/** R6: the investigation record (findings, root cause) and the action plan. */
export function InvestigationTab({ item }: { item: CaseView }) {
  const { user } = useRouteContext({ from: "/_app" });
  const record = useQuery(investigationQuery(item.reference));
  const policy = useQuery({ queryKey: ["policy"], queryFn: () => data(api.GET("/api/v1/policy")) });
  const editable = canInvestigate(user, item) && item.status !== "closed" && item.status !== "archived";
  const queryClient = useQueryClient();
  const [values, setValues] = useState<Values | null>(null);
  useEffect(() => {
    if (record.data) setValues(toValues(record.data));
  }, [record.data]);

  const save = useMutation({
    mutationFn: (body: Values) =>
      data(
        api.PUT("/api/v1/cases/{reference}/investigation", {
          params: { path: { reference: item.reference } },
          // Blank means "not recorded": null clears a field.
          body: Object.fromEntries(Object.entries(body).map(([k, v]) => [k, v.trim() || null])),
        }),
      ),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ["case", item.reference] });
      notifications.show({ color: "green", message: t.app.saved });
    },
  });
  const errors = fieldErrors(save.error);

  if (record.isPending || !values) return <Loading />;
  if (record.isError) return <ErrorState error={record.error} onRetry={() => record.refetch()} />;
  const i = t.investigation;

  return (
    <Stack gap="lg">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate(values);
        }}
      >
        <Stack gap="sm">
          <Title order={3} size="h5">
            {i.title}
          </Title>
          {!editable && <Alert color="gray">{i.readOnly}</Alert>}
          {save.isError && Object.keys(errors).length === 0 && (
            <Alert color="red" role="alert">
              {errorMessage(save.error)}
            </Alert>
          )}
          <Autocomplete
            label={i.rootCauseCategory}
            data={policy.data?.rootCauseCategories ?? []}
            value={values.rootCauseCategory}
            onChange={(rootCauseCategory) => setValues({ ...values, rootCauseCategory })}
            error={errors.rootCauseCategory}
            readOnly={!editable}
          />
          {FIELDS.map(([field, rows]) => (
            <Textarea
              key={field}
              label={i[field]}
              value={values[field]}
              onChange={(e) => setValues({ ...values, [field]: e.currentTarget.value })}
              error={errors[field]}
              autosize
              minRows={rows}
              readOnly={!editable}
            />
          ))}
          {editable && (
            <Group>
              <Button type="submit" loading={save.isPending}>
                {i.save}
              </Button>
            </Group>
          )}
        </Stack>
      </form>
      <ActionItems item={item} editable={editable} />
    </Stack>
  );
}

import { Checkbox, Select, SimpleGrid, Stack, Textarea, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, type Schemas } from "../../api/client";
import { data, fieldErrors } from "../../api/problem";
import { usersQuery } from "../../api/session";
import { FormDialog } from "../../components/form-dialog";
import { t } from "../../strings";
import {
  CHECKLIST_ITEMS,
  emptySampleCheck,
  failsCheck,
  type SampleCheckValues,
  sampleCheckBody,
} from "./sample-check";

interface Props {
  month: string;
  item: Schemas["QualitySample"]["items"][number];
  onClose(): void;
}

/** R13: the five checks of one sampled case, notes, and a CAPA when it fails. */
export function SampleCheckDialog({ month, item, onClose }: Props) {
  const queryClient = useQueryClient();
  const users = useQuery(usersQuery);
  const [values, setValues] = useState<SampleCheckValues>(emptySampleCheck);
  const save = useMutation({
    mutationFn: () =>
      data(
        api.PUT("/api/v1/samples/{month}/items/{itemId}", {
          params: { path: { month, itemId: item.id } },
          body: sampleCheckBody(values),
        }),
      ),
    onSuccess: async (sample) => {
      queryClient.setQueryData(["samples", month], sample);
      await queryClient.invalidateQueries({ queryKey: ["samples", "list"] });
      await queryClient.invalidateQueries({ queryKey: ["capas"] });
      notifications.show({ color: "green", message: t.samples.checked });
      onClose();
    },
  });
  const errors = fieldErrors(save.error);
  const s = t.samples;
  const failing = failsCheck(values);

  return (
    <FormDialog
      title={s.checkTitle(item.caseReference)}
      help={s.checkHelp}
      submitLabel={s.saveCheck}
      pending={save.isPending}
      error={save.error}
      fields={["notes", "capa.title", "capa.dueDate", "capa.ownerId"]}
      onSubmit={() => save.mutate()}
      onClose={onClose}
    >
      <Checkbox.Group
        label={s.checklist}
        value={CHECKLIST_ITEMS.filter((k) => values.checklist[k])}
        onChange={(ticked) =>
          setValues((v) => ({
            ...v,
            checklist: Object.fromEntries(
              CHECKLIST_ITEMS.map((k) => [k, ticked.includes(k)]),
            ) as typeof v.checklist,
          }))
        }
      >
        <Stack gap={6} mt={6}>
          {CHECKLIST_ITEMS.map((k) => (
            <Checkbox key={k} value={k} label={s.checks[k]} />
          ))}
        </Stack>
      </Checkbox.Group>
      <Textarea
        label={t.app.optional(s.notes)}
        value={values.notes}
        onChange={(e) => {
          const notes = e.currentTarget.value;
          setValues((v) => ({ ...v, notes }));
        }}
        error={errors.notes}
        autosize
        minRows={2}
      />
      {failing && (
        <Checkbox
          label={s.raiseCapa}
          checked={values.raiseCapa}
          onChange={(e) => {
            const raiseCapa = e.currentTarget.checked;
            setValues((v) => ({ ...v, raiseCapa }));
          }}
        />
      )}
      {failing && values.raiseCapa && (
        <Stack gap="sm">
          <TextInput
            label={s.capaTitle}
            withAsterisk
            value={values.capaTitle}
            onChange={(e) => {
              const capaTitle = e.currentTarget.value;
              setValues((v) => ({ ...v, capaTitle }));
            }}
            error={errors["capa.title"]}
          />
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
            <TextInput
              type="date"
              label={s.capaDue}
              withAsterisk
              value={values.capaDueDate}
              onChange={(e) => {
                const capaDueDate = e.currentTarget.value;
                setValues((v) => ({ ...v, capaDueDate }));
              }}
              error={errors["capa.dueDate"]}
            />
            <Select
              label={t.app.optional(t.capa.owner)}
              data={(users.data?.items ?? [])
                .filter((u) => u.active)
                .map((u) => ({ value: u.id, label: u.name }))}
              value={values.capaOwnerId || null}
              onChange={(id) => setValues((v) => ({ ...v, capaOwnerId: id ?? "" }))}
              clearable
              searchable
              error={errors["capa.ownerId"]}
              comboboxProps={{ withinPortal: true }}
            />
          </SimpleGrid>
        </Stack>
      )}
    </FormDialog>
  );
}

import { Select, SimpleGrid, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, idempotencyKey, type Schemas } from "../../api/client";
import { data, fieldErrors } from "../../api/problem";
import { usersQuery } from "../../api/session";
import { FormDialog } from "../../components/form-dialog";
import { t } from "../../strings";

type Procedure = Schemas["Procedure"];
const FIELDS = ["title", "version", "effectiveDate", "reviewDate", "ownerId"];

/** R14: a procedure's title, version, dates and owner — a new one, or a change to one. */
export function ProcedureDialog({ procedure, onClose }: { procedure?: Procedure; onClose(): void }) {
  const queryClient = useQueryClient();
  const users = useQuery(usersQuery);
  const [values, setValues] = useState({
    title: procedure?.title ?? "",
    version: procedure?.version ?? "",
    effectiveDate: procedure?.effectiveDate ?? "",
    reviewDate: procedure?.reviewDate ?? "",
    ownerId: procedure?.ownerId ?? "",
  });
  const [key] = useState(idempotencyKey);
  const body = () => ({
    title: values.title.trim(),
    version: values.version.trim(),
    effectiveDate: values.effectiveDate,
    reviewDate: values.reviewDate,
    ...(values.ownerId ? { ownerId: values.ownerId } : {}),
  });
  const save = useMutation({
    mutationFn: () =>
      procedure
        ? data(api.PUT("/api/v1/procedures/{id}", { params: { path: { id: procedure.id } }, body: body() }))
        : data(api.POST("/api/v1/procedures", { body: body(), headers: key })),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ["procedures"] });
      notifications.show({ color: "green", message: t.procedures.saved });
      onClose();
    },
  });
  const errors = fieldErrors(save.error);
  const p = t.procedures;
  const input = (key: "title" | "version" | "effectiveDate" | "reviewDate") => ({
    value: values[key],
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => {
      const value = e.currentTarget.value;
      setValues((v) => ({ ...v, [key]: value }));
    },
    error: errors[key],
    withAsterisk: true,
  });

  return (
    <FormDialog
      title={procedure ? p.editTitle(procedure.title) : p.add}
      submitLabel={t.app.save}
      pending={save.isPending}
      error={save.error}
      fields={FIELDS}
      onSubmit={() => save.mutate()}
      onClose={onClose}
    >
      <TextInput label={p.titleField} data-autofocus {...input("title")} />
      <TextInput label={p.version} maw={200} {...input("version")} />
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
        <TextInput type="date" label={p.effective} {...input("effectiveDate")} />
        <TextInput type="date" label={p.review} {...input("reviewDate")} />
      </SimpleGrid>
      <Select
        label={t.app.optional(p.owner)}
        data={(users.data?.items ?? []).filter((u) => u.active).map((u) => ({ value: u.id, label: u.name }))}
        value={values.ownerId || null}
        onChange={(id) => setValues((v) => ({ ...v, ownerId: id ?? "" }))}
        clearable
        searchable
        error={errors.ownerId}
        comboboxProps={{ withinPortal: true }}
      />
    </FormDialog>
  );
}

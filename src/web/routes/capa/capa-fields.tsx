import { Select, SimpleGrid, Textarea, TextInput } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { policyQuery, usersQuery } from "../../api/session";
import { t } from "../../strings";
import type { CapaValues } from "./capa-form";

interface Props {
  values: CapaValues;
  setValues: React.Dispatch<React.SetStateAction<CapaValues>>;
  errors: Record<string, string>;
  /** Raising: the cases it is raised from. Editing: lessons learned. */
  mode: "raise" | "edit";
}

/** The fields of a CAPA (R6): what, why, who, by when, and when to check that it worked. */
export function CapaFields({ values, setValues, errors, mode }: Props) {
  const users = useQuery(usersQuery);
  const policy = useQuery(policyQuery);
  const c = t.capa;
  const text = (key: keyof CapaValues) => ({
    value: values[key],
    onChange: (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => {
      const value = e.currentTarget.value;
      setValues((v) => ({ ...v, [key]: value }));
    },
    error: errors[key],
  });
  const categories = [
    ...new Set([...(policy.data?.rootCauseCategories ?? []), values.rootCauseCategory].filter(Boolean)),
  ];

  return (
    <>
      <TextInput label={c.titleField} withAsterisk data-autofocus {...text("title")} />
      <Textarea label={t.app.optional(c.description)} autosize minRows={2} {...text("description")} />
      {mode === "raise" && (
        <TextInput
          label={c.casesField}
          description={c.casesHint}
          withAsterisk
          {...text("caseReferences")}
          error={errors.caseReferences ?? errors["caseReferences.0"]}
        />
      )}
      <Select
        label={t.app.optional(c.owner)}
        data={(users.data?.items ?? []).filter((u) => u.active).map((u) => ({ value: u.id, label: u.name }))}
        value={values.ownerId || null}
        onChange={(v) => setValues((old) => ({ ...old, ownerId: v ?? "" }))}
        searchable
        clearable
        error={errors.ownerId}
        comboboxProps={{ withinPortal: true }}
      />
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
        <TextInput type="date" label={c.dueDate} withAsterisk {...text("dueDate")} />
        <TextInput type="date" label={t.app.optional(c.checkDate)} {...text("effectivenessCheckDate")} />
      </SimpleGrid>
      <Select
        label={t.app.optional(c.rootCauseCategory)}
        data={categories}
        value={values.rootCauseCategory || null}
        onChange={(v) => setValues((old) => ({ ...old, rootCauseCategory: v ?? "" }))}
        clearable
        error={errors.rootCauseCategory}
        comboboxProps={{ withinPortal: true }}
      />
      <Textarea label={t.app.optional(c.rootCause)} autosize minRows={2} {...text("rootCause")} />
      {mode === "edit" && (
        <Textarea label={t.app.optional(c.lessonsLearned)} autosize minRows={2} {...text("lessonsLearned")} />
      )}
    </>
  );
}

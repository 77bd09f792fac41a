import { Group, NativeSelect, Radio, Select, Stack, Textarea, TextInput } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { type CaseAction, CHANNELS, type Channel, OUTCOMES } from "../../../shared/enums";
import type { CaseView } from "../../api/client";
import { hasRole, usersQuery } from "../../api/session";
import { channelLabel, outcomeLabel, roleLabel, t } from "../../strings";
import { ACTION_FIELDS, type ActionValues } from "./action-body";

interface Props {
  action: CaseAction;
  item: CaseView;
  values: ActionValues;
  setValues: React.Dispatch<React.SetStateAction<ActionValues>>;
  errors: Partial<Record<keyof ActionValues, string>>;
}

/** The inputs a step needs: a note, a reason, an owner, the resolution, or the customer's answer. */
export function ActionFields({ action, item, values, setValues, errors }: Props) {
  const set =
    <K extends keyof ActionValues>(field: K) =>
    (value: ActionValues[K]) =>
      setValues((v) => ({ ...v, [field]: value }));
  const text = (field: "note" | "reason" | "resolution" | "notApplicableReason") => ({
    value: values[field],
    onChange: (e: React.ChangeEvent<HTMLTextAreaElement>) => set(field)(e.currentTarget.value),
    error: errors[field],
    autosize: true,
    minRows: 2,
  });

  switch (ACTION_FIELDS[action]) {
    case "note":
      return <Textarea label={t.actions.note} data-autofocus {...text("note")} />;
    case "reason":
      return (
        <Textarea
          label={t.actions.reason}
          withAsterisk={action !== "archive"}
          data-autofocus
          {...text("reason")}
        />
      );
    case "owner":
      return (
        <OwnerPicker item={item} value={values.ownerId} onChange={set("ownerId")} error={errors.ownerId} />
      );
    case "resolution":
      return (
        <Stack gap="sm">
          <Radio.Group
            label={t.actions.outcome}
            value={values.outcome}
            onChange={(v) => set("outcome")(v as ActionValues["outcome"])}
            error={errors.outcome}
            withAsterisk
          >
            <Group mt={4}>
              {OUTCOMES.map((o) => (
                <Radio key={o} value={o} label={outcomeLabel[o]} />
              ))}
            </Group>
          </Radio.Group>
          <Textarea
            label={t.actions.resolution}
            description={t.actions.resolutionHint}
            withAsterisk
            {...text("resolution")}
            minRows={4}
          />
          <Group grow align="flex-start">
            <TextInput
              label={t.actions.remedyAmount}
              inputMode="decimal"
              value={values.remedyAmount}
              onChange={(e) => set("remedyAmount")(e.currentTarget.value)}
              error={errors.remedyAmount}
            />
            <TextInput
              label={t.actions.remedyCurrency}
              value={values.remedyCurrency}
              onChange={(e) => set("remedyCurrency")(e.currentTarget.value)}
              error={errors.remedyCurrency}
              maxLength={3}
            />
          </Group>
        </Stack>
      );
    case "confirmation":
      return (
        <Stack gap="sm">
          <Radio.Group
            label={t.actions.confirmed}
            value={values.answer}
            onChange={(v) => set("answer")(v as ActionValues["answer"])}
          >
            <Stack mt={4} gap={6}>
              <Radio value="confirmed" label={t.actions.confirmedYes} />
              <Radio value="rejected" label={t.actions.confirmedNo} />
              <Radio value="not_applicable" label={t.actions.notApplicable} />
            </Stack>
          </Radio.Group>
          {values.answer === "not_applicable" ? (
            <Textarea label={t.actions.notApplicableReason} withAsterisk {...text("notApplicableReason")} />
          ) : (
            <>
              <NativeSelect
                label={t.actions.confirmationChannel}
                value={values.channel}
                onChange={(e) => set("channel")(e.currentTarget.value as Channel)}
                data={CHANNELS.map((c) => ({ value: c, label: channelLabel[c] }))}
                error={errors.channel}
              />
              <Textarea label={t.actions.note} {...text("note")} />
            </>
          )}
        </Stack>
      );
    default:
      return null;
  }
}

/** Who can own a case: active staff who work cases (SOP 004 §3). */
function OwnerPicker(props: { item: CaseView; value: string; onChange(v: string): void; error?: string }) {
  const users = useQuery(usersQuery);
  const options = (users.data?.items ?? [])
    .filter((u) => u.active && hasRole(u, "agent", "manager", "senior"))
    .map((u) => ({
      value: u.id,
      label: `${u.name} (${u.roles.map((r) => roleLabel[r]).join(", ")})`,
      disabled: u.id === props.item.ownerId,
    }));
  return (
    <Select
      label={t.actions.owner}
      placeholder={t.actions.ownerPlaceholder}
      data={options}
      value={props.value || null}
      onChange={(v) => props.onChange(v ?? "")}
      searchable
      withAsterisk
      data-autofocus
      nothingFoundMessage={users.isPending ? t.app.loading : t.actions.noOwners}
      error={props.error}
      comboboxProps={{ withinPortal: true }}
    />
  );
}

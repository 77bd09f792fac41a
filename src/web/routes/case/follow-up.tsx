import { Button, NativeSelect, Text, Textarea } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouteContext } from "@tanstack/react-router";
import { useState } from "react";
import { api, type CaseView, ifMatch } from "../../api/client";
import { ApiError, data, fieldErrors } from "../../api/problem";
import { usersQuery } from "../../api/session";
import { FormDialog } from "../../components/form-dialog";
import { t } from "../../strings";
import { canCorrespond } from "./case-permissions";
import { DeadlineRow } from "./deadline-row";

type FollowUpView = NonNullable<CaseView["followUp"]>;
const KINDS = ["call", "email", "letter", "in_person"] as const;

/** SOP 004: the follow-up contact after resolution — when it is due, who made it, or a button to record it. */
export function FollowUp({ item, followUp }: { item: CaseView; followUp: FollowUpView }) {
  const { user } = useRouteContext({ from: "/_app" });
  const users = useQuery(usersQuery);
  const [open, setOpen] = useState(false);
  const by = users.data?.items.find((u) => u.id === followUp.completedById)?.name;
  const pending = !followUp.completedAt && item.status !== "archived";
  return (
    <DeadlineRow label={t.followUp.title} deadline={followUp}>
      {by && (
        <Text size="sm" c="dimmed">
          {t.followUp.by(by)}
        </Text>
      )}
      {pending && canCorrespond(user) && (
        <Button size="xs" variant="light" mt={6} onClick={() => setOpen(true)}>
          {t.followUp.record}
        </Button>
      )}
      {open && <FollowUpDialog item={item} onClose={() => setOpen(false)} />}
    </DeadlineRow>
  );
}

function FollowUpDialog({ item, onClose }: { item: CaseView; onClose(): void }) {
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<(typeof KINDS)[number]>("call");
  const [note, setNote] = useState("");
  const record = useMutation({
    mutationFn: () =>
      data(
        api.POST("/api/v1/cases/{reference}/follow-up", {
          params: { path: { reference: item.reference } },
          body: { kind, note: note.trim() },
          headers: ifMatch(item.version),
        }),
      ),
    onSuccess: async (updated) => {
      queryClient.setQueryData(["case", item.reference], updated);
      await queryClient.invalidateQueries({ queryKey: ["case", item.reference] });
      notifications.show({ color: "green", message: t.followUp.done });
      onClose();
    },
    onError: async (error) => {
      if (error instanceof ApiError && error.status === 412)
        await queryClient.invalidateQueries({ queryKey: ["case", item.reference] });
    },
  });
  const errors = fieldErrors(record.error);
  return (
    <FormDialog
      title={t.followUp.record}
      help={t.followUp.help}
      submitLabel={t.followUp.record}
      pending={record.isPending}
      error={record.error}
      fields={["kind", "note"]}
      onSubmit={() => record.mutate()}
      onClose={onClose}
    >
      <NativeSelect
        label={t.followUp.kind}
        value={kind}
        onChange={(e) => setKind(e.currentTarget.value as (typeof KINDS)[number])}
        data={KINDS.map((k) => ({ value: k, label: t.followUp.kinds[k]! }))}
        error={errors.kind}
      />
      <Textarea
        label={t.followUp.note}
        value={note}
        onChange={(e) => setNote(e.currentTarget.value)}
        error={errors.note}
        withAsterisk
        autosize
        minRows={3}
        data-autofocus
      />
    </FormDialog>
  );
}

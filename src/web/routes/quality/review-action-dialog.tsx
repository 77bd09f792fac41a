import { Group, Radio, Textarea } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "../../api/client";
import { data, fieldErrors } from "../../api/problem";
import { FormDialog } from "../../components/form-dialog";
import { t } from "../../strings";

type ActionStatus = "open" | "done" | "dropped";

interface Props {
  /** The review that decided the action (an earlier one, for actions followed up later). */
  reviewId: string;
  action: { id: string; text: string; status: ActionStatus };
  onClose(): void;
}

/** ISO 10002 9.4: a decided action followed up — done, dropped or still open — with a note. */
export function ReviewActionDialog({ reviewId, action, onClose }: Props) {
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<ActionStatus>(action.status === "open" ? "done" : action.status);
  const [note, setNote] = useState("");
  const save = useMutation({
    mutationFn: () =>
      data(
        api.PUT("/api/v1/reviews/{id}/actions/{actionId}", {
          params: { path: { id: reviewId, actionId: action.id } },
          body: { status, note: note.trim() },
        }),
      ),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ["reviews"] });
      notifications.show({ color: "green", message: t.reviews.followedUp });
      onClose();
    },
  });
  const errors = fieldErrors(save.error);
  const r = t.reviews;
  return (
    <FormDialog
      title={r.followUpTitle}
      help={`${action.text} — ${r.followUpHelp}`}
      submitLabel={r.followUp}
      pending={save.isPending}
      error={save.error}
      fields={["status", "note"]}
      onSubmit={() => save.mutate()}
      onClose={onClose}
    >
      <Radio.Group
        label={r.status}
        value={status}
        onChange={(v) => setStatus(v as ActionStatus)}
        error={errors.status}
      >
        <Group gap="md" mt={6}>
          {(["done", "dropped", "open"] as const).map((s) => (
            <Radio key={s} value={s} label={r.statuses[s]} />
          ))}
        </Group>
      </Radio.Group>
      <Textarea
        label={r.note}
        value={note}
        onChange={(e) => setNote(e.currentTarget.value)}
        error={errors.note}
        withAsterisk
        autosize
        minRows={2}
        data-autofocus
      />
    </FormDialog>
  );
}

import { Alert, Badge, Button, Group, NativeSelect, Stack, Text, TextInput, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, type CaseView, idempotencyKey } from "../../api/client";
import { data, errorMessage, fieldErrors } from "../../api/problem";
import { usersQuery } from "../../api/session";
import { EmptyState, ErrorState, Loading } from "../../components/states";
import { t } from "../../strings";
import { actionItemsQuery } from "./case-queries";

/** R6 / R8: the action plan — every item done or waived before the case may close. */
export function ActionItems({ item, editable }: { item: CaseView; editable: boolean }) {
  const items = useQuery(actionItemsQuery(item.reference));
  const users = useQuery(usersQuery);
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState({ text: "", ownerId: "", dueDate: "" });
  const [waiving, setWaiving] = useState<{ id: string; reason: string } | null>(null);
  const path = { path: { reference: item.reference } };
  const refresh = () => queryClient.invalidateQueries({ queryKey: ["case", item.reference] });

  const add = useMutation({
    mutationFn: () =>
      data(
        api.POST("/api/v1/cases/{reference}/action-items", {
          params: path,
          body: {
            text: draft.text.trim(),
            ...(draft.ownerId ? { ownerId: draft.ownerId } : {}),
            ...(draft.dueDate ? { dueDate: draft.dueDate } : {}),
          },
          headers: idempotencyKey(),
        }),
      ),
    onSuccess: async () => {
      setDraft({ text: "", ownerId: "", dueDate: "" });
      await refresh();
    },
  });
  const update = useMutation({
    mutationFn: (change: { id: string; status: "done" | "waived"; waivedReason?: string }) =>
      data(
        api.PATCH("/api/v1/cases/{reference}/action-items/{id}", {
          params: { path: { reference: item.reference, id: change.id } },
          body: {
            status: change.status,
            ...(change.waivedReason ? { waivedReason: change.waivedReason } : {}),
          },
        }),
      ),
    onSuccess: refresh,
    onError: (error) => notifications.show({ color: "red", message: errorMessage(error) }),
  });
  const errors = fieldErrors(add.error);
  const i = t.investigation;

  return (
    <Stack gap="sm">
      <Title order={3} size="h5">
        {i.actionItems}
      </Title>
      {items.isPending ? (
        <Loading />
      ) : items.isError ? (
        <ErrorState error={items.error} onRetry={() => items.refetch()} />
      ) : items.data.items.length === 0 ? (
        <EmptyState>{i.noItems}</EmptyState>
      ) : (
        <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: "none" }}>
          {items.data.items.map((a) => (
            <Group key={a.id} component="li" justify="space-between" wrap="wrap" gap="xs">
              <div>
                <Text size="sm">{a.text}</Text>
                <Text size="xs" c="dimmed">
                  {[a.ownerName, a.dueDate && `${t.casePage.due} ${a.dueDate}`, a.waivedReason]
                    .filter(Boolean)
                    .join(" · ")}
                </Text>
              </div>
              <Group gap="xs">
                <Badge
                  variant="light"
                  color={a.status === "open" ? "yellow" : a.status === "done" ? "green" : "gray"}
                >
                  {i.itemStatus[a.status]}
                </Badge>
                {editable && a.status === "open" && (
                  <>
                    <Button
                      size="compact-sm"
                      variant="default"
                      onClick={() => update.mutate({ id: a.id, status: "done" })}
                    >
                      {i.markDone}
                    </Button>
                    <Button
                      size="compact-sm"
                      variant="subtle"
                      onClick={() => setWaiving({ id: a.id, reason: "" })}
                    >
                      {i.waive}
                    </Button>
                  </>
                )}
              </Group>
              {waiving?.id === a.id && (
                <form
                  style={{ flexBasis: "100%" }}
                  onSubmit={(e) => {
                    e.preventDefault();
                    if (!waiving.reason.trim()) return;
                    update.mutate({ id: a.id, status: "waived", waivedReason: waiving.reason.trim() });
                    setWaiving(null);
                  }}
                >
                  <Group align="flex-end" gap="xs">
                    <TextInput
                      label={i.waiveReason}
                      value={waiving.reason}
                      onChange={(e) => setWaiving({ id: a.id, reason: e.currentTarget.value })}
                      style={{ flex: "1 1 220px" }}
                      data-autofocus
                      autoFocus
                    />
                    <Button type="submit" size="sm" variant="light">
                      {i.waive}
                    </Button>
                    <Button size="sm" variant="subtle" onClick={() => setWaiving(null)}>
                      {t.app.cancel}
                    </Button>
                  </Group>
                </form>
              )}
            </Group>
          ))}
        </Stack>
      )}
      {editable && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            add.mutate();
          }}
          aria-label={i.newItem}
        >
          <Group align="flex-end" gap="sm" wrap="wrap">
            <TextInput
              label={i.itemText}
              value={draft.text}
              onChange={(e) => setDraft({ ...draft, text: e.currentTarget.value })}
              error={errors.text}
              style={{ flex: "1 1 240px" }}
            />
            <NativeSelect
              label={i.itemOwner}
              value={draft.ownerId}
              onChange={(e) => setDraft({ ...draft, ownerId: e.currentTarget.value })}
              data={[
                { value: "", label: t.app.none },
                ...(users.data?.items ?? [])
                  .filter((u) => u.active)
                  .map((u) => ({ value: u.id, label: u.name })),
              ]}
              error={errors.ownerId}
            />
            <TextInput
              label={i.itemDue}
              type="date"
              value={draft.dueDate}
              onChange={(e) => setDraft({ ...draft, dueDate: e.currentTarget.value })}
              error={errors.dueDate}
            />
            <Button type="submit" loading={add.isPending} variant="light">
              {i.addItem}
            </Button>
          </Group>
          {add.isError && Object.keys(errors).length === 0 && (
            <Alert color="red" role="alert" mt="xs">
              {errorMessage(add.error)}
            </Alert>
          )}
        </form>
      )}
    </Stack>
  );
}

import { Badge, Button, Checkbox, Group, Stack, Text, Textarea } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { getRouteApi } from "@tanstack/react-router";
import { useState } from "react";
import { api, type Schemas } from "../../api/client";
import { data, fieldErrors } from "../../api/problem";
import { can } from "../../api/session";
import { FormDialog } from "../../components/form-dialog";
import { useTimezone } from "../../lib/hooks";
import { formatDate } from "../../lib/time";
import { caseTypeLabel, t } from "../../strings";
import { CaseLink, type Column, RegisterTable } from "./register-table";

type Candidate = Schemas["DisposalCandidate"];
const route = getRouteApi("/_app/records");

/** R10: closed cases past retention, oldest first; records management approves a batch with a reason. */
export function DisposalQueuePage() {
  const { user } = route.useRouteContext();
  const timeZone = useTimezone();
  const [selected, setSelected] = useState<string[]>([]);
  const [approving, setApproving] = useState(false);
  const d = t.records.disposals;
  const manage = can.manageRecords(user);
  const toggle = (reference: string, on: boolean) =>
    setSelected((now) => (on ? [...now, reference] : now.filter((r) => r !== reference)));

  const columns: Column<Candidate>[] = [
    ...(manage
      ? [
          {
            header: "",
            cell: (c: Candidate) => (
              <Checkbox
                aria-label={d.select(c.reference)}
                checked={selected.includes(c.reference)}
                disabled={c.legalHold}
                onChange={(e) => toggle(c.reference, e.currentTarget.checked)}
              />
            ),
          },
        ]
      : []),
    {
      header: t.records.reference,
      cell: (c) => (
        <Group gap="xs" wrap="nowrap">
          <CaseLink reference={c.reference} />
          {c.legalHold && (
            <Badge color="orange" variant="light">
              {d.held}
            </Badge>
          )}
        </Group>
      ),
    },
    { header: d.type, cell: (c) => caseTypeLabel[c.type] },
    { header: d.closed, cell: (c) => (c.closedAt ? formatDate(c.closedAt, timeZone) : "—") },
    { header: d.retainUntil, cell: (c) => formatDate(c.retainUntil, timeZone) },
    { header: t.records.rule, cell: (c) => c.rule },
    { header: d.listed, cell: (c) => formatDate(c.listedAt, timeZone) },
  ];

  return (
    <Stack gap="md">
      <Text size="sm">{d.intro}</Text>
      <RegisterTable
        queryKey={["records", "disposal-queue"]}
        fetchPage={(cursor) =>
          data(api.GET("/api/v1/records/disposal-queue", { params: { query: { limit: 100, cursor } } }))
        }
        columns={columns}
        rowKey={(c) => c.caseId}
        empty={d.empty}
        toolbar={(items) =>
          manage && (
            <Group justify="space-between">
              <Checkbox
                label={d.selectAll}
                checked={
                  selected.length > 0 && items.every((c) => c.legalHold || selected.includes(c.reference))
                }
                onChange={(e) =>
                  setSelected(
                    e.currentTarget.checked ? items.filter((c) => !c.legalHold).map((c) => c.reference) : [],
                  )
                }
              />
              <Button disabled={selected.length === 0} onClick={() => setApproving(true)}>
                {d.approve(selected.length)}
              </Button>
            </Group>
          )
        }
      />
      {approving && (
        <ApproveDialog
          references={selected}
          onClose={() => setApproving(false)}
          onDone={() => setSelected([])}
        />
      )}
    </Stack>
  );
}

function ApproveDialog(props: { references: string[]; onClose(): void; onDone(): void }) {
  const queryClient = useQueryClient();
  const [reason, setReason] = useState("");
  const d = t.records.disposals;
  const approve = useMutation({
    mutationFn: () =>
      data(api.POST("/api/v1/records/disposals", { body: { references: props.references, reason } })),
    onSuccess: async (result) => {
      await queryClient.invalidateQueries({ queryKey: ["records"] });
      notifications.show({ color: "green", message: d.disposedToast(result.disposed.length) });
      props.onDone();
      props.onClose();
    },
  });
  return (
    <FormDialog
      title={d.approveTitle}
      help={d.approveHelp(props.references.join(", "))}
      submitLabel={d.approve(props.references.length)}
      pending={approve.isPending}
      error={approve.error}
      fields={["reason"]}
      onSubmit={() => approve.mutate()}
      onClose={props.onClose}
    >
      <Textarea
        label={t.records.reason}
        value={reason}
        onChange={(e) => setReason(e.currentTarget.value)}
        error={fieldErrors(approve.error).reason}
        withAsterisk
        autosize
        minRows={2}
        data-autofocus
      />
    </FormDialog>
  );
}

import {
  Button,
  Group,
  SegmentedControl,
  Stack,
  Text,
  Textarea,
  TextInput,
  VisuallyHidden,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { getRouteApi } from "@tanstack/react-router";
import { useState } from "react";
import { api, type Schemas } from "../../api/client";
import { data, fieldErrors } from "../../api/problem";
import { can } from "../../api/session";
import { FormDialog } from "../../components/form-dialog";
import { useTimezone } from "../../lib/hooks";
import { formatDateTime } from "../../lib/time";
import { t } from "../../strings";
import { CaseLink, type Column, personName, RegisterTable } from "./register-table";

type Hold = Schemas["LegalHold"];
type HoldState = "active" | "all";
const route = getRouteApi("/_app/records");
const HOLDS = ["records", "legal-holds"] as const;

/** R10: legal holds in force (or all), placing one on a case and releasing it. */
export function LegalHoldsPage() {
  const { user } = route.useRouteContext();
  const timeZone = useTimezone();
  const [state, setState] = useState<HoldState>("active");
  const [placing, setPlacing] = useState(false);
  const [releasing, setReleasing] = useState<Hold>();
  const r = t.records;
  const manage = can.manageRecords(user);

  const columns: Column<Hold>[] = [
    { header: r.reference, cell: (h) => <CaseLink reference={h.reference} /> },
    { header: r.reason, cell: (h) => h.reason },
    {
      header: r.holds.placed,
      cell: (h) => `${formatDateTime(h.placedAt, timeZone)} · ${personName(h.placedBy)}`,
    },
    {
      header: r.holds.released,
      cell: (h) =>
        h.releasedAt ? (
          <>
            {formatDateTime(h.releasedAt, timeZone)} · {personName(h.releasedBy)}
            {h.releaseReason && (
              <Text size="xs" c="dimmed">
                {h.releaseReason}
              </Text>
            )}
          </>
        ) : manage ? (
          <Button size="compact-sm" variant="default" onClick={() => setReleasing(h)}>
            {r.holds.release}
            <VisuallyHidden> {h.reference}</VisuallyHidden>
          </Button>
        ) : (
          r.holds.inForce
        ),
    },
  ];

  return (
    <Stack gap="md">
      <Text size="sm">{r.holds.intro}</Text>
      <Group justify="space-between" align="flex-end">
        <SegmentedControl
          aria-label={r.holds.state}
          value={state}
          onChange={(value) => setState(value as HoldState)}
          data={(["active", "all"] as const).map((value) => ({ value, label: r.holds.states[value] }))}
        />
        {manage && <Button onClick={() => setPlacing(true)}>{r.holds.place}</Button>}
      </Group>
      <RegisterTable
        queryKey={[...HOLDS, state]}
        fetchPage={(cursor) =>
          data(api.GET("/api/v1/records/legal-holds", { params: { query: { state, limit: 100, cursor } } }))
        }
        columns={columns}
        rowKey={(h) => h.id}
        empty={state === "active" ? r.holds.empty : r.holds.emptyAll}
      />
      {placing && <PlaceHoldDialog onClose={() => setPlacing(false)} />}
      {releasing && <ReleaseHoldDialog hold={releasing} onClose={() => setReleasing(undefined)} />}
    </Stack>
  );
}

/** After a hold changes: the registers and the case page show it at once. */
function useHoldChange<T>(change: () => Promise<T>, toast: (result: T) => string, onClose: () => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: change,
    onSuccess: async (result) => {
      await queryClient.invalidateQueries({ queryKey: ["records"] });
      await queryClient.invalidateQueries({ queryKey: ["case"] });
      notifications.show({ color: "green", message: toast(result) });
      onClose();
    },
  });
}

function PlaceHoldDialog({ onClose }: { onClose(): void }) {
  const [reference, setReference] = useState("");
  const [reason, setReason] = useState("");
  const h = t.records.holds;
  const place = useHoldChange(
    () =>
      data(
        api.POST("/api/v1/cases/{reference}/legal-hold", {
          params: { path: { reference: reference.trim().toUpperCase() } },
          body: { reason },
        }),
      ),
    (hold) => h.placedToast(hold.reference),
    onClose,
  );
  // The reference is in the URL, not the body: the API cannot name it as a missing field, so the form does.
  const [submitted, setSubmitted] = useState(false);
  const referenceMissing = submitted && !reference.trim();
  const errors = fieldErrors(place.error);
  return (
    <FormDialog
      title={h.place}
      help={h.placeHelp}
      submitLabel={h.place}
      pending={place.isPending}
      error={place.error}
      fields={["reason"]}
      onSubmit={() => {
        setSubmitted(true);
        if (reference.trim()) place.mutate();
      }}
      onClose={onClose}
    >
      <TextInput
        label={t.records.reference}
        description={h.referenceHint}
        value={reference}
        onChange={(e) => setReference(e.currentTarget.value)}
        error={referenceMissing ? h.referenceMissing : undefined}
        withAsterisk
        data-autofocus
      />
      <Textarea
        label={t.records.reason}
        value={reason}
        onChange={(e) => setReason(e.currentTarget.value)}
        error={errors.reason}
        withAsterisk
        autosize
        minRows={2}
      />
    </FormDialog>
  );
}

function ReleaseHoldDialog({ hold, onClose }: { hold: Hold; onClose(): void }) {
  const [reason, setReason] = useState("");
  const h = t.records.holds;
  const release = useHoldChange(
    () =>
      data(
        api.DELETE("/api/v1/cases/{reference}/legal-hold", {
          params: { path: { reference: hold.reference } },
          body: reason.trim() ? { reason } : {},
        }),
      ),
    (released) => h.releasedToast(released.reference),
    onClose,
  );
  return (
    <FormDialog
      title={h.releaseTitle(hold.reference)}
      help={h.releaseHelp}
      submitLabel={h.release}
      pending={release.isPending}
      error={release.error}
      fields={["reason"]}
      onSubmit={() => release.mutate()}
      onClose={onClose}
    >
      <Textarea
        label={h.releaseReason}
        value={reason}
        onChange={(e) => setReason(e.currentTarget.value)}
        error={fieldErrors(release.error).reason}
        autosize
        minRows={2}
        data-autofocus
      />
    </FormDialog>
  );
}

import { Stack, Text } from "@mantine/core";
import type { CaseType } from "../../../shared/enums";
import { api, type Schemas } from "../../api/client";
import { data } from "../../api/problem";
import { useTimezone } from "../../lib/hooks";
import { formatDate, formatDateTime } from "../../lib/time";
import { caseTypeLabel, t } from "../../strings";
import { type Column, personName, RegisterTable } from "./register-table";

type Entry = Schemas["DisposalEntry"];

/** "bundles 1, audit values 2": what a disposal removed, kind by kind. */
const describeRemoved = (removed: Record<string, number>) =>
  Object.entries(removed)
    .filter(([, n]) => n > 0)
    .map(
      ([kind, n]) =>
        `${kind
          .replace(/_/g, " ")
          .replace(/([a-z])([A-Z])/g, "$1 $2")
          .toLowerCase()} ${n}`,
    )
    .join(", ") || "—";

/** R10: what was disposed of, when, by whom, under which rule and approval. */
export function DisposalRegisterPage() {
  const timeZone = useTimezone();
  const r = t.records;
  const columns: Column<Entry>[] = [
    // The case file is gone: its reference stays, as text.
    {
      header: r.reference,
      cell: (e) => (
        <Text fw={600} style={{ whiteSpace: "nowrap" }}>
          {e.reference}
        </Text>
      ),
    },
    { header: r.disposals.type, cell: (e) => caseTypeLabel[e.caseType as CaseType] ?? e.caseType },
    { header: r.disposals.closed, cell: (e) => (e.closedAt ? formatDate(e.closedAt, timeZone) : "—") },
    { header: r.rule, cell: (e) => `${e.rule} (policy v${e.policyVersion})` },
    { header: r.at, cell: (e) => formatDateTime(e.disposedAt, timeZone) },
    { header: r.by, cell: (e) => personName(e.disposedBy) },
    { header: r.reason, cell: (e) => e.reason },
    { header: r.disposed.removed, cell: (e) => describeRemoved(e.removed) },
  ];
  return (
    <Stack gap="md">
      <Text size="sm">{r.disposed.intro}</Text>
      <RegisterTable
        queryKey={["records", "disposal-register"]}
        fetchPage={(cursor) =>
          data(api.GET("/api/v1/records/disposal-register", { params: { query: { limit: 100, cursor } } }))
        }
        columns={columns}
        rowKey={(e) => e.id}
        empty={r.disposed.empty}
        minWidth={1000}
      />
    </Stack>
  );
}

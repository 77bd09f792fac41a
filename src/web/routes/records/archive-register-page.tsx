import { Anchor, Code, Stack, Text } from "@mantine/core";
import { api, type Schemas } from "../../api/client";
import { data } from "../../api/problem";
import { useTimezone } from "../../lib/hooks";
import { formatDateTime } from "../../lib/time";
import { t } from "../../strings";
import { CaseLink, type Column, personName, RegisterTable } from "./register-table";

type Entry = Schemas["ArchiveEntry"];

const formatSize = (bytes: number) =>
  bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} kB` : `${(bytes / 2 ** 20).toFixed(1)} MB`;

/** R10: who archived which case file when, with its bundle's SHA-256 and the bundle itself. */
export function ArchiveRegisterPage() {
  const timeZone = useTimezone();
  const a = t.records.archive;
  const columns: Column<Entry>[] = [
    { header: t.records.reference, cell: (e) => <CaseLink reference={e.reference} /> },
    { header: a.event, cell: (e) => a.events[e.event] ?? e.event },
    { header: t.records.at, cell: (e) => formatDateTime(e.at, timeZone) },
    { header: t.records.by, cell: (e) => (e.source === "scheduler" ? a.automatic : personName(e.by)) },
    { header: t.records.reason, cell: (e) => e.reason ?? "—" },
    {
      header: a.bundle,
      cell: (e) => (
        <Code title={e.bundleSha256} style={{ wordBreak: "break-all" }}>
          {e.bundleSha256}
        </Code>
      ),
    },
    { header: a.size, cell: (e) => formatSize(e.bundleBytes) },
    {
      header: a.download,
      cell: (e) =>
        e.bundleDisposedAt ? (
          <Text size="sm">{a.disposedAt(formatDateTime(e.bundleDisposedAt, timeZone))}</Text>
        ) : (
          <Anchor
            href={`/api/v1/cases/${encodeURIComponent(e.reference)}/archive-bundle`}
            aria-label={a.downloadLabel(e.reference)}
            download
          >
            {a.download}
          </Anchor>
        ),
    },
  ];
  return (
    <Stack gap="md">
      <Text size="sm">{a.intro}</Text>
      <RegisterTable
        queryKey={["records", "archive-register"]}
        fetchPage={(cursor) =>
          data(api.GET("/api/v1/records/archive-register", { params: { query: { limit: 100, cursor } } }))
        }
        columns={columns}
        rowKey={(e) => e.id}
        empty={a.empty}
        minWidth={1000}
      />
    </Stack>
  );
}

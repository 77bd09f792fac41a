import { Button, Group, NativeSelect, Text, TextInput } from "@mantine/core";
import { useNavigate } from "@tanstack/react-router";
import { useEffect, useState } from "react";
import { CASE_TYPES, LEVELS, SEVERITIES, STATUSES } from "../../../shared/enums";
import { useDebounced, useTimezone } from "../../lib/hooks";
import { formatDate } from "../../lib/time";
import { caseTypeLabel, seedStatusLabel, severityLabel, statusLabel, t } from "../../strings";
import { type CaseListSearch, parseCaseListSearch } from "./case-list-search";

const any = { value: "", label: t.cases.any };

const STATUS_OPTIONS = [
  any,
  { value: "open", label: seedStatusLabel.open },
  { value: "in_progress", label: seedStatusLabel.in_progress },
  { value: "closed", label: seedStatusLabel.closed },
  ...STATUSES.map((s) => ({ value: s, label: `· ${statusLabel[s]}` })),
];

/** Search and filters; every change is a new URL (replace, so Back leaves the list). */
export function CaseFilters({ search }: { search: CaseListSearch }) {
  const navigate = useNavigate({ from: "/cases" });
  const [q, setQ] = useState(search.q ?? "");
  const timeZone = useTimezone();
  const settled = useDebounced(q, 300);

  const set = (patch: Record<string, unknown>) =>
    navigate({ search: (prev) => parseCaseListSearch({ ...prev, ...patch }), replace: true });

  // biome-ignore lint/correctness/useExhaustiveDependencies: only a settled change of the text searches
  useEffect(() => {
    if ((search.q ?? "") !== settled.trim()) void set({ q: settled });
  }, [settled]);
  useEffect(() => setQ(search.q ?? ""), [search.q]);

  const filtered =
    search.level || search.type || search.severity || search.q || search.channel || search.receivedFrom;
  return (
    <Group gap="sm" align="flex-end" role="search" aria-label={t.cases.filters}>
      <TextInput
        label={t.cases.search}
        placeholder={t.cases.searchPlaceholder}
        type="search"
        value={q}
        onChange={(e) => setQ(e.currentTarget.value)}
        w={{ base: "100%", sm: 320 }}
      />
      <NativeSelect
        label={t.cases.status}
        data={STATUS_OPTIONS}
        value={search.status ?? ""}
        onChange={(e) => set({ status: e.currentTarget.value || undefined })}
      />
      <NativeSelect
        label={t.cases.level}
        data={[any, ...LEVELS.map((l) => ({ value: String(l), label: t.cases.levelShort(l) }))]}
        value={search.level ? String(search.level) : ""}
        onChange={(e) => set({ level: e.currentTarget.value || undefined })}
      />
      <NativeSelect
        label={t.cases.type}
        data={[any, ...CASE_TYPES.map((v) => ({ value: v, label: caseTypeLabel[v] }))]}
        value={search.type ?? ""}
        onChange={(e) => set({ type: e.currentTarget.value || undefined })}
      />
      <NativeSelect
        label={t.cases.severity}
        data={[any, ...SEVERITIES.map((v) => ({ value: v, label: severityLabel[v] }))]}
        value={search.severity ?? ""}
        onChange={(e) => set({ severity: e.currentTarget.value || undefined })}
      />
      {search.receivedFrom && (
        <Text size="sm" aria-live="polite">
          {t.cases.receivedBetween(
            formatDate(search.receivedFrom, timeZone),
            search.receivedTo
              ? formatDate(new Date(Date.parse(search.receivedTo) - 1).toISOString(), timeZone)
              : "",
          )}
        </Text>
      )}
      {filtered && (
        <Button
          variant="subtle"
          onClick={() =>
            set({ level: undefined, type: undefined, severity: undefined, channel: undefined, q: "" })
          }
        >
          {t.cases.clearFilters}
        </Button>
      )}
    </Group>
  );
}

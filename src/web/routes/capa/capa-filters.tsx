import { Checkbox, Group, NativeSelect } from "@mantine/core";
import { useNavigate } from "@tanstack/react-router";
import { t } from "../../strings";
import { CAPA_DUE, CAPA_STATUSES, type CapaSearch } from "./capa-search";

/** Status, "only mine" and what needs attention: each a URL parameter, so a filtered register is a link. */
export function CapaFilters({ search }: { search: CapaSearch }) {
  const navigate = useNavigate({ from: "/capas" });
  const c = t.capa;
  const set = (patch: Partial<CapaSearch>) =>
    navigate({ search: (old: CapaSearch) => withoutEmpty({ ...old, ...patch }), replace: true });

  return (
    <Group gap="md" align="flex-end" wrap="wrap" component="form" aria-label={c.filters}>
      <NativeSelect
        label={c.status}
        value={search.status ?? ""}
        onChange={(e) => set({ status: (e.currentTarget.value || undefined) as CapaSearch["status"] })}
        data={[
          { value: "", label: c.anyStatus },
          ...CAPA_STATUSES.map((s) => ({ value: s, label: c.statuses[s]! })),
        ]}
      />
      <NativeSelect
        label={c.due}
        value={search.due ?? ""}
        onChange={(e) => set({ due: (e.currentTarget.value || undefined) as CapaSearch["due"] })}
        data={[
          { value: "", label: c.dueAny },
          ...CAPA_DUE.map((d) => ({ value: d, label: c.dueOptions[d]! })),
        ]}
      />
      <Checkbox
        label={c.mine}
        checked={search.owner === "me"}
        onChange={(e) => set({ owner: e.currentTarget.checked ? "me" : undefined })}
        mb={8}
      />
    </Group>
  );
}

function withoutEmpty(search: CapaSearch): CapaSearch {
  return Object.fromEntries(Object.entries(search).filter(([, v]) => v !== undefined)) as CapaSearch;
}

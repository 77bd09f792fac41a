import { SectionLayout } from "../../components/section-layout";
import { t } from "../../strings";

const PAGES = [
  ["/records/holds", "holds"],
  ["/records/disposals", "disposals"],
  ["/records/archive", "archive"],
  ["/records/disposed", "disposed"],
] as const;

/** R10: records management's screens (records, auditors and admins read; records decide). */
export function RecordsLayout() {
  const r = t.records;
  return (
    <SectionLayout
      title={r.title}
      intro={r.intro}
      navLabel={r.sections}
      sections={PAGES.map(([to, key]) => ({ to, label: r.pages[key] }))}
    />
  );
}

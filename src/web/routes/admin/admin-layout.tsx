import { SectionLayout } from "../../components/section-layout";
import { t } from "../../strings";

const PAGES = [
  ["/admin/users", "users"],
  ["/admin/tokens", "tokens"],
  ["/admin/calendar", "calendar"],
  ["/admin/policy", "policy"],
  ["/admin/templates", "templates"],
  ["/admin/outbox", "outbox"],
] as const;

/** The administrator's screens (R11: admins only; the API refuses everyone else as well). */
export function AdminLayout() {
  return (
    <SectionLayout
      title={t.nav.admin}
      navLabel={t.admin.sections}
      sections={PAGES.map(([to, key]) => ({ to, label: t.admin.pages[key] }))}
    />
  );
}

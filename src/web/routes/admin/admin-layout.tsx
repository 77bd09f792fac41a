import { Group, Stack, Title } from "@mantine/core";
import { Outlet, useLocation } from "@tanstack/react-router";
import { ButtonLink } from "../../components/links";
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
  const { pathname } = useLocation();
  return (
    <Stack gap="md">
      <Title order={1} size="h2">
        {t.nav.admin}
      </Title>
      <Group gap="xs" component="nav" aria-label={t.admin.sections}>
        {PAGES.map(([to, key]) => (
          <ButtonLink
            key={to}
            to={to}
            size="compact-md"
            variant={pathname === to ? "filled" : "default"}
            activeOptions={{ exact: true }}
          >
            {t.admin.pages[key]}
          </ButtonLink>
        ))}
      </Group>
      <Outlet />
    </Stack>
  );
}

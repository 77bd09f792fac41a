import { AppShell, Burger, Button, Group, Stack, Text, Title } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { useQueryClient } from "@tanstack/react-query";
import { Outlet, useLocation, useNavigate, useRouteContext } from "@tanstack/react-router";
import { api } from "../api/client";
import { can } from "../api/session";
import { type CaseListSearch, QUEUES } from "../routes/case-list/case-list-search";
import { roleLabel, t } from "../strings";
import classes from "./app-layout.module.css";
import { AnchorLink, NavLinkItem } from "./links";

interface NavItem {
  to:
    | "/cases"
    | "/cases/new"
    | "/dashboard"
    | "/capas"
    | "/quality"
    | "/procedures"
    | "/audit"
    | "/records"
    | "/admin";
  label: string;
  /** Active for this path and those below it, except the ones listed. */
  except?: string[];
  search?: CaseListSearch;
}

/** The current page's link keeps 4.5:1 contrast when hovered too (Mantine darkens its background). */
const ACTIVE_LINK_COLOURS = {
  "--nl-color": "color-mix(in srgb, var(--mantine-color-indigo-9), black 30%)",
  "--nl-hover": "var(--mantine-color-indigo-1)",
} as React.CSSProperties;

/** The frame of every signed-in page: header, navigation by role, and the page. */
export function AppLayout() {
  const { user } = useRouteContext({ from: "/_app" });
  const [opened, { toggle, close }] = useDisclosure();
  const { pathname } = useLocation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();

  const items: NavItem[] = [
    { to: "/cases", label: t.nav.cases, except: ["/cases/new"], search: QUEUES.open },
    ...(can.logCases(user) ? [{ to: "/cases/new", label: t.nav.newCase } as const] : []),
    ...(can.seeDashboard(user) ? [{ to: "/dashboard", label: t.nav.dashboard } as const] : []),
    ...(can.writeCapas(user) ? [{ to: "/capas", label: t.nav.capa } as const] : []),
    ...(can.readQuality(user) ? [{ to: "/quality", label: t.nav.quality } as const] : []),
    { to: "/procedures", label: t.nav.procedures },
    ...(can.readAuditTrail(user) ? [{ to: "/audit", label: t.nav.auditTrail } as const] : []),
    ...(can.readRecords(user) ? [{ to: "/records", label: t.nav.records } as const] : []),
    ...(can.administer(user) ? [{ to: "/admin", label: t.nav.admin } as const] : []),
  ];
  const isActive = (item: NavItem) =>
    (pathname === item.to || pathname.startsWith(`${item.to}/`)) && !item.except?.includes(pathname);

  async function signOut() {
    await api.DELETE("/api/v1/session");
    queryClient.clear();
    queryClient.setQueryData(["session"], null);
    await navigate({ to: "/sign-in" });
  }

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 220, breakpoint: "sm", collapsed: { mobile: !opened } }}
      padding={{ base: "sm", sm: "lg" }}
    >
      <a href="#main" className={classes.skipLink}>
        {t.app.skipToContent}
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t.app.openMenu} />
            <AnchorLink to="/cases" underline="never" c="inherit">
              <Title order={2} size="h4">
                {t.app.name}
              </Title>
            </AnchorLink>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <Stack gap={0} visibleFrom="xs" align="flex-end">
              <Text size="sm" fw={600} lh={1.2}>
                {user.name}
              </Text>
              <Text size="xs" c="dimmed" lh={1.2}>
                {user.roles.map((r) => roleLabel[r]).join(", ")}
              </Text>
            </Stack>
            <Button variant="default" size="xs" onClick={signOut}>
              {t.nav.signOut}
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm" aria-label={t.nav.main} component="nav">
        {items.map((item) => (
          <NavLinkItem
            key={item.to}
            to={item.to}
            search={item.search ?? {}}
            label={item.label}
            active={isActive(item)}
            activeOptions={{ exact: true, includeSearch: false }}
            style={ACTIVE_LINK_COLOURS}
            onClick={close}
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1} className={classes.main}>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}

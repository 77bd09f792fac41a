import { Group, Stack, Text, Title } from "@mantine/core";
import { Outlet, useLocation } from "@tanstack/react-router";
import { ButtonLink } from "../../components/links";
import { t } from "../../strings";

const PAGES = [
  ["/records/holds", "holds"],
  ["/records/disposals", "disposals"],
  ["/records/archive", "archive"],
  ["/records/disposed", "disposed"],
] as const;

/** R10: records management's screens (records, auditors and admins read; records decide). */
export function RecordsLayout() {
  const { pathname } = useLocation();
  return (
    <Stack gap="md">
      <div>
        <Title order={1} size="h2">
          {t.records.title}
        </Title>
        <Text size="sm" c="dimmed">
          {t.records.intro}
        </Text>
      </div>
      <Group gap="xs" component="nav" aria-label={t.records.sections}>
        {PAGES.map(([to, key]) => (
          <ButtonLink
            key={to}
            to={to}
            size="compact-md"
            variant={pathname === to ? "filled" : "default"}
            activeOptions={{ exact: true }}
          >
            {t.records.pages[key]}
          </ButtonLink>
        ))}
      </Group>
      <Outlet />
    </Stack>
  );
}

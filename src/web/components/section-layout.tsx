import { Group, Stack, Text, Title } from "@mantine/core";
import { type LinkProps, Outlet, useLocation } from "@tanstack/react-router";
import { ButtonLink } from "./links";

export interface Section {
  to: NonNullable<LinkProps["to"]>;
  label: string;
}

interface Props {
  title: string;
  intro?: string;
  /** The accessible name of the sections' navigation. */
  navLabel: string;
  sections: readonly Section[];
}

/** A screen of several pages (administration, quality, records): its title, a button per page, the page. */
export function SectionLayout({ title, intro, navLabel, sections }: Props) {
  const { pathname } = useLocation();
  return (
    <Stack gap="md">
      <div>
        <Title order={1} size="h2">
          {title}
        </Title>
        {intro && (
          <Text size="sm" c="dimmed">
            {intro}
          </Text>
        )}
      </div>
      <Group gap="xs" component="nav" aria-label={navLabel}>
        {sections.map(({ to, label }) => (
          <ButtonLink
            key={to}
            to={to}
            size="compact-md"
            variant={pathname === to || pathname.startsWith(`${to}/`) ? "filled" : "default"}
            aria-current={pathname === to ? "page" : undefined}
          >
            {label}
          </ButtonLink>
        ))}
      </Group>
      <Outlet />
    </Stack>
  );
}

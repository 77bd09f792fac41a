import { Paper, Text } from "@mantine/core";
import { AnchorLink } from "../../components/links";
import { t } from "../../strings";
import type { AppLink } from "./dashboard-links";

/** A link to the list behind a number (case list or CAPA register), or the bare number when there is none. */
export function ListLink({
  link,
  label,
  children,
  ...style
}: {
  link: AppLink | undefined;
  label?: string;
  children: React.ReactNode;
  fz?: number;
  fw?: number;
}) {
  if (!link) return <Text {...style}>{children}</Text>;
  const common = { ...style, "aria-label": label };
  return link.to === "/cases" ? (
    <AnchorLink to="/cases" search={link.search} {...common}>
      {children}
    </AnchorLink>
  ) : (
    <AnchorLink to="/capas" search={link.search} {...common}>
      {children}
    </AnchorLink>
  );
}

/** One number on the dashboard in its tile, linking to the list of what it counts. */
export function CountLink({
  label,
  value,
  link,
}: {
  label: string;
  value: number;
  link: AppLink | undefined;
}) {
  return (
    <Paper withBorder p="sm" miw={84} style={{ flex: "1 1 84px" }}>
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <ListLink link={link} label={t.dashboard.count(label, value)} fz={28} fw={700}>
        {value}
      </ListLink>
    </Paper>
  );
}

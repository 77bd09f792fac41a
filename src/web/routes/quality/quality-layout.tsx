import { Group, Stack, Title } from "@mantine/core";
import { Outlet, useLocation, useRouteContext } from "@tanstack/react-router";
import { can } from "../../api/session";
import { ButtonLink } from "../../components/links";
import { t } from "../../strings";

const PAGES = [
  ["/quality/samples", "samples"],
  ["/quality/reviews", "reviews"],
  ["/quality/reports", "reports"],
  ["/quality/feedback", "feedback"],
] as const;

/** R12–R14: the improvement loop — samples, management reviews, monthly reports, staff feedback. */
export function QualityLayout() {
  const { user } = useRouteContext({ from: "/_app" });
  const { pathname } = useLocation();
  const pages = PAGES.filter(([, key]) => key !== "feedback" || can.readProcessFeedback(user));
  return (
    <Stack gap="md">
      <Title order={1} size="h2">
        {t.quality.title}
      </Title>
      <Group gap="xs" component="nav" aria-label={t.quality.sections}>
        {pages.map(([to, key]) => (
          <ButtonLink
            key={to}
            to={to}
            size="compact-md"
            variant={pathname === to || pathname.startsWith(`${to}/`) ? "filled" : "default"}
            aria-current={pathname === to ? "page" : undefined}
          >
            {t.quality.pages[key]}
          </ButtonLink>
        ))}
      </Group>
      <Outlet />
    </Stack>
  );
}

import { useRouteContext } from "@tanstack/react-router";
import { can } from "../../api/session";
import { SectionLayout } from "../../components/section-layout";
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
  const pages = PAGES.filter(([, key]) => key !== "feedback" || can.readProcessFeedback(user));
  return (
    <SectionLayout
      title={t.quality.title}
      navLabel={t.quality.sections}
      sections={pages.map(([to, key]) => ({ to, label: t.quality.pages[key] }))}
    />
  );
}

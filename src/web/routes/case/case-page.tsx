import { Grid, Stack, Tabs } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { getRouteApi } from "@tanstack/react-router";
import { ApiError } from "../../api/problem";
import { EmptyState, ErrorState, Loading } from "../../components/states";
import { t } from "../../strings";
import { AttachmentsTab } from "./attachments-tab";
import { CaseActions } from "./case-actions";
import { CaseDetails } from "./case-details";
import { CaseHeader } from "./case-header";
import { caseQuery } from "./case-queries";
import { ClosureTab } from "./closure-tab";
import { CorrespondenceTab } from "./correspondence-tab";
import { DeadlinesCard } from "./deadlines-card";
import { HistoryTab } from "./history-tab";
import { InvestigationTab } from "./investigation-tab";
import { SurveyPanel } from "./survey-panel";
import { TimelineTab } from "./timeline-tab";

const route = getRouteApi("/_app/cases/$reference");

/** R3–R8: one case — what it is, where it stands, what may be done now, and everything that happened. */
export function CasePage() {
  const { reference } = route.useParams();
  const found = useQuery(caseQuery(reference));

  if (found.isPending) return <Loading />;
  if (found.isError) {
    if (found.error instanceof ApiError && found.error.status === 404) {
      return <EmptyState>{t.casePage.notFound(reference)}</EmptyState>;
    }
    return <ErrorState error={found.error} onRetry={() => found.refetch()} />;
  }
  const item = found.data;
  const tab = t.casePage.tabs;

  return (
    <Stack gap="md">
      <CaseHeader item={item} />
      <CaseActions item={item} />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, lg: 8 }} order={{ base: 2, lg: 1 }}>
          <Tabs defaultValue="timeline" keepMounted={false}>
            <Tabs.List>
              <Tabs.Tab value="timeline">{tab.timeline}</Tabs.Tab>
              <Tabs.Tab value="investigation">{tab.investigation}</Tabs.Tab>
              <Tabs.Tab value="closure">{tab.closure}</Tabs.Tab>
              <Tabs.Tab value="correspondence">{tab.correspondence}</Tabs.Tab>
              <Tabs.Tab value="attachments">{tab.attachments}</Tabs.Tab>
              <Tabs.Tab value="history">{tab.history}</Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="timeline" pt="md">
              <TimelineTab reference={reference} />
            </Tabs.Panel>
            <Tabs.Panel value="investigation" pt="md">
              <InvestigationTab item={item} />
            </Tabs.Panel>
            <Tabs.Panel value="closure" pt="md">
              <ClosureTab item={item} />
            </Tabs.Panel>
            <Tabs.Panel value="correspondence" pt="md">
              <CorrespondenceTab item={item} />
            </Tabs.Panel>
            <Tabs.Panel value="attachments" pt="md">
              <AttachmentsTab item={item} />
            </Tabs.Panel>
            <Tabs.Panel value="history" pt="md">
              <HistoryTab reference={reference} />
            </Tabs.Panel>
          </Tabs>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }} order={{ base: 1, lg: 2 }}>
          <Stack gap="md">
            <DeadlinesCard item={item} />
            <SurveyPanel item={item} />
            <CaseDetails item={item} />
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

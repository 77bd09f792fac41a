import { Paper, Stack, Title } from "@mantine/core";
import { DEADLINE_STEPS } from "../../../shared/enums";
import type { CaseView } from "../../api/client";
import { deadlineStepLabel, t } from "../../strings";
import { DeadlineRow } from "./deadline-row";
import { FollowUp } from "./follow-up";

/** R4: acknowledge, assign, resolve — and the follow-up after resolution (SOP 004) — each with time left. */
export function DeadlinesCard({ item }: { item: CaseView }) {
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="deadlines-title">
      <Title order={2} size="h4" mb="sm" id="deadlines-title">
        {t.casePage.deadlines}
      </Title>
      <Stack gap="sm">
        {DEADLINE_STEPS.map((step) => (
          <DeadlineRow key={step} label={deadlineStepLabel[step]} deadline={item.deadlineStatus[step]} />
        ))}
        {item.followUp && <FollowUp item={item} followUp={item.followUp} />}
      </Stack>
    </Paper>
  );
}

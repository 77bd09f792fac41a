import { Group } from "@mantine/core";
import { ButtonLink } from "../../components/links";
import { t } from "../../strings";
import { type CaseListSearch, QUEUES, type QueueKey, queueOf, withQueue } from "./case-list-search";

/** The work queues: My cases, Unassigned, Due soon, Breached, All open, All — links, so each is a URL. */
export function QueueLinks({ search }: { search: CaseListSearch }) {
  const current = queueOf(search);
  return (
    <Group gap="xs" component="nav" aria-label={t.cases.queues}>
      {(Object.keys(QUEUES) as QueueKey[]).map((key) => (
        <ButtonLink
          key={key}
          to="/cases"
          search={withQueue(search, key)}
          size="compact-md"
          variant={current === key ? "filled" : "default"}
          aria-current={current === key ? "page" : undefined}
        >
          {t.cases.queue[key]}
        </ButtonLink>
      ))}
    </Group>
  );
}

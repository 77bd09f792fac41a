import { Table, Text } from "@mantine/core";
import type { BusinessCalendar } from "../../../shared/business-calendar";
import type { CaseView } from "../../api/client";
import { LevelBadge, NextDeadline, StatusBadge } from "../../components/case-badges";
import { AnchorLink } from "../../components/links";
import { t } from "../../strings";

interface Props {
  items: CaseView[];
  calendar: BusinessCalendar | undefined;
  timeZone: string;
  now: Date;
}

/** The list on a wide screen: one row per case, the reference linking to its page. */
export function CaseTable({ items, calendar, timeZone, now }: Props) {
  const c = t.cases.columns;
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table striped highlightOnHover verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{c.reference}</Table.Th>
            <Table.Th>{c.customer}</Table.Th>
            <Table.Th>{c.summary}</Table.Th>
            <Table.Th>{c.status}</Table.Th>
            <Table.Th>{c.level}</Table.Th>
            <Table.Th>{c.owner}</Table.Th>
            <Table.Th>{c.nextDeadline}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((item) => (
            <Table.Tr key={item.id}>
              <Table.Td style={{ whiteSpace: "nowrap" }}>
                <AnchorLink to="/cases/$reference" params={{ reference: item.reference }} fw={600}>
                  {item.reference}
                </AnchorLink>
              </Table.Td>
              <Table.Td>
                {item.customer?.name ?? (
                  <Text size="sm" c="dimmed">
                    {t.cases.noCustomer}
                  </Text>
                )}
              </Table.Td>
              <Table.Td maw={360}>
                <Text lineClamp={2} size="sm">
                  {item.summary}
                </Text>
              </Table.Td>
              <Table.Td style={{ whiteSpace: "nowrap" }}>
                <StatusBadge status={item.status} />
              </Table.Td>
              <Table.Td>
                <LevelBadge level={item.level} />
              </Table.Td>
              <Table.Td>
                {item.ownerName ?? (
                  <Text size="sm" c="dimmed">
                    {t.cases.unassigned}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <NextDeadline item={item} calendar={calendar} timeZone={timeZone} now={now} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

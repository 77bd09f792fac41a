import { Anchor, Badge, Button, Group, Stack, Table, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useRouteContext } from "@tanstack/react-router";
import { useState } from "react";
import { api, type Schemas } from "../../api/client";
import { data } from "../../api/problem";
import { can, usersQuery } from "../../api/session";
import { EmptyState, ErrorState, Loading } from "../../components/states";
import { formatDay } from "../../lib/time";
import { t } from "../../strings";
import { ProcedureDialog } from "./procedure-dialog";
import { ProcedureDocumentDialog } from "./procedure-document-dialog";
import { ProcessFeedbackForm } from "./process-feedback-form";

type Procedure = Schemas["Procedure"];
type Dialog = { kind: "add" } | { kind: "edit" | "upload"; procedure: Procedure } | null;

/** R14: the procedures we work by, their documents and review dates; and feedback on the process. */
export function ProceduresPage() {
  const { user } = useRouteContext({ from: "/_app" });
  const procedures = useQuery({
    queryKey: ["procedures"],
    queryFn: () => data(api.GET("/api/v1/procedures")),
  });
  const users = useQuery(usersQuery);
  const [dialog, setDialog] = useState<Dialog>(null);
  const writer = can.writeProcedures(user);
  const p = t.procedures;
  const items = procedures.data?.items ?? [];
  const owner = (id: string | null) => users.data?.items.find((u) => u.id === id)?.name ?? t.app.none;

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <div>
          <Title order={1} size="h2">
            {p.title}
          </Title>
          <Text size="sm" c="dimmed">
            {p.intro}
          </Text>
        </div>
        {writer && <Button onClick={() => setDialog({ kind: "add" })}>{p.add}</Button>}
      </Group>
      {procedures.isPending ? (
        <Loading />
      ) : procedures.isError ? (
        <ErrorState error={procedures.error} onRetry={() => procedures.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState>{p.empty}</EmptyState>
      ) : (
        <Table.ScrollContainer minWidth={760}>
          <Table striped verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{p.titleField}</Table.Th>
                <Table.Th>{p.version}</Table.Th>
                <Table.Th>{p.effective}</Table.Th>
                <Table.Th>{p.review}</Table.Th>
                <Table.Th>{p.owner}</Table.Th>
                <Table.Th>{p.document}</Table.Th>
                {writer && <Table.Th>{p.change}</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((proc) => (
                <Table.Tr key={proc.id}>
                  <Table.Td fw={600}>{proc.title}</Table.Td>
                  <Table.Td>{proc.version}</Table.Td>
                  <Table.Td>{formatDay(proc.effectiveDate)}</Table.Td>
                  <Table.Td>
                    <Group gap={6}>
                      {formatDay(proc.reviewDate)}
                      {proc.reviewDue && (
                        <Badge color="orange" variant="light" autoContrast>
                          {p.reviewDue}
                        </Badge>
                      )}
                    </Group>
                  </Table.Td>
                  <Table.Td>{owner(proc.ownerId)}</Table.Td>
                  <Table.Td>
                    {proc.document ? (
                      <Anchor
                        href={`/api/v1/procedures/${proc.id}/document`}
                        download={proc.document.filename}
                      >
                        {proc.document.filename}
                      </Anchor>
                    ) : (
                      <Text size="sm" c="dimmed" style={{ whiteSpace: "nowrap" }}>
                        {p.noDocument}
                      </Text>
                    )}
                  </Table.Td>
                  {writer && (
                    <Table.Td>
                      <Group gap={4} wrap="nowrap">
                        <Button
                          size="xs"
                          variant="default"
                          onClick={() => setDialog({ kind: "edit", procedure: proc })}
                          aria-label={`${p.edit}: ${proc.title}`}
                        >
                          {p.edit}
                        </Button>
                        <Button
                          size="xs"
                          variant="default"
                          onClick={() => setDialog({ kind: "upload", procedure: proc })}
                          aria-label={`${p.upload}: ${proc.title}`}
                        >
                          {p.uploadShort}
                        </Button>
                      </Group>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <ProcessFeedbackForm />
      {dialog?.kind === "add" && <ProcedureDialog onClose={() => setDialog(null)} />}
      {dialog?.kind === "edit" && (
        <ProcedureDialog procedure={dialog.procedure} onClose={() => setDialog(null)} />
      )}
      {dialog?.kind === "upload" && (
        <ProcedureDocumentDialog procedure={dialog.procedure} onClose={() => setDialog(null)} />
      )}
    </Stack>
  );
}

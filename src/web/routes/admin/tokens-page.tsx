import { Alert, Badge, Button, Code, CopyButton, Group, Stack, Table, Text, TextInput } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, idempotencyKey } from "../../api/client";
import { data, errorMessage, fieldErrors } from "../../api/problem";
import { EmptyState, ErrorState, Loading } from "../../components/states";
import { useTimezone } from "../../lib/hooks";
import { formatDateTime } from "../../lib/time";
import { t } from "../../strings";

const tokensQuery = { queryKey: ["tokens"], queryFn: () => data(api.GET("/api/v1/tokens")) };

/** API tokens for integrations: create (shown once), see when each was last used, revoke. */
export function TokensPage() {
  const queryClient = useQueryClient();
  const tokens = useQuery(tokensQuery);
  const timeZone = useTimezone();
  const [name, setName] = useState("");
  const create = useMutation({
    mutationFn: () => data(api.POST("/api/v1/tokens", { body: { name }, headers: idempotencyKey() })),
    onSuccess: async () => {
      setName("");
      await queryClient.invalidateQueries({ queryKey: ["tokens"] });
    },
  });
  const revoke = useMutation({
    mutationFn: (id: string) => data(api.DELETE("/api/v1/tokens/{id}", { params: { path: { id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["tokens"] }),
  });
  const k = t.admin.tokens;
  const when = (iso: string | null) => (iso ? formatDateTime(iso, timeZone) : t.app.none);

  return (
    <Stack gap="md">
      <Text size="sm">{k.intro}</Text>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        <Group align="flex-end" gap="sm">
          <TextInput
            label={k.name}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={fieldErrors(create.error).name}
          />
          <Button type="submit" loading={create.isPending}>
            {k.create}
          </Button>
        </Group>
      </form>
      {create.data && (
        <Alert color="yellow" role="status" title={k.copyNow}>
          <Group gap="sm" wrap="nowrap">
            <Code style={{ overflowWrap: "anywhere" }}>{create.data.token}</Code>
            <CopyButton value={create.data.token}>
              {({ copied, copy }) => (
                <Button size="compact-sm" variant="light" onClick={copy}>
                  {copied ? k.copied : k.copy}
                </Button>
              )}
            </CopyButton>
          </Group>
        </Alert>
      )}
      {(create.isError || revoke.isError) && (
        <Alert color="red" role="alert">
          {errorMessage(create.error ?? revoke.error)}
        </Alert>
      )}
      {tokens.isPending ? (
        <Loading />
      ) : tokens.isError ? (
        <ErrorState error={tokens.error} onRetry={() => tokens.refetch()} />
      ) : tokens.data.items.length === 0 ? (
        <EmptyState>{k.empty}</EmptyState>
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{k.name}</Table.Th>
                <Table.Th>{k.prefix}</Table.Th>
                <Table.Th>{k.created}</Table.Th>
                <Table.Th>{k.lastUsed}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {tokens.data.items.map((token) => (
                <Table.Tr key={token.id}>
                  <Table.Td>{token.name}</Table.Td>
                  <Table.Td>
                    <Code>{token.prefix}…</Code>
                  </Table.Td>
                  <Table.Td>{when(token.createdAt)}</Table.Td>
                  <Table.Td>{when(token.lastUsedAt)}</Table.Td>
                  <Table.Td>
                    {token.revokedAt ? (
                      <Badge color="gray" variant="light">
                        {k.revoked}
                      </Badge>
                    ) : (
                      <Button
                        size="compact-sm"
                        variant="default"
                        color="red"
                        onClick={() => revoke.mutate(token.id)}
                        aria-label={`${k.revoke}: ${token.name}`}
                      >
                        {k.revoke}
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}

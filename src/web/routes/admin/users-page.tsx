import { Badge, Button, Checkbox, Group, Paper, Stack, Table, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ROLES, type Role } from "../../../shared/enums";
import { api, type User } from "../../api/client";
import { data, errorMessage } from "../../api/problem";
import { usersQuery } from "../../api/session";
import { ErrorState, Loading } from "../../components/states";
import { useTimezone } from "../../lib/hooks";
import { formatDateTime } from "../../lib/time";
import { roleLabel, t } from "../../strings";
import { NewUserForm } from "./new-user-form";

/** R11: who may sign in, with which roles; deactivating keeps the person's history. */
export function UsersPage() {
  const users = useQuery(usersQuery);
  const timeZone = useTimezone();
  const u = t.admin.users;
  if (users.isPending) return <Loading />;
  if (users.isError) return <ErrorState error={users.error} onRetry={() => users.refetch()} />;
  return (
    <Stack gap="lg">
      <Table.ScrollContainer minWidth={900}>
        <Table verticalSpacing="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{u.name}</Table.Th>
              <Table.Th>{u.roles}</Table.Th>
              <Table.Th>{u.lastSignIn}</Table.Th>
              <Table.Th>{u.active}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {users.data.items.map((user) => (
              <Table.Tr key={user.id}>
                <Table.Td>
                  <Text fw={600}>{user.name}</Text>
                  <Text size="sm" c="dimmed">
                    {user.email}
                  </Text>
                  {user.sso && (
                    <Badge size="sm" variant="light" title={u.ssoHint}>
                      {u.sso}
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>
                  <RolesEditor user={user} />
                </Table.Td>
                <Table.Td>
                  {user.lastSignInAt ? formatDateTime(user.lastSignInAt, timeZone) : u.never}
                </Table.Td>
                <Table.Td>
                  <ActiveSwitch user={user} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Paper withBorder p="md" component="section" aria-labelledby="new-user-title">
        <Title order={2} size="h4" mb="sm" id="new-user-title">
          {u.add}
        </Title>
        <NewUserForm />
      </Paper>
    </Stack>
  );
}

function useUpdateUser(user: User) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { roles?: Role[]; active?: boolean }) =>
      data(api.PATCH("/api/v1/users/{id}", { params: { path: { id: user.id } }, body })),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ["users"] });
      notifications.show({ color: "green", message: t.admin.users.updated });
    },
    onError: (error) => notifications.show({ color: "red", message: errorMessage(error) }),
  });
}

function RolesEditor({ user }: { user: User }) {
  const [editing, setEditing] = useState(false);
  const [roles, setRoles] = useState<Role[]>(user.roles);
  const update = useUpdateUser(user);
  if (!editing) {
    return (
      <Group gap={4}>
        {user.roles.map((r) => (
          <Badge key={r} variant="light" color="gray">
            {roleLabel[r]}
          </Badge>
        ))}
        <Button
          size="compact-xs"
          variant="subtle"
          onClick={() => setEditing(true)}
          aria-label={`${t.admin.users.edit}: ${user.name}`}
        >
          {t.admin.users.edit}
        </Button>
      </Group>
    );
  }
  return (
    <Group gap="xs" align="flex-end">
      <Checkbox.Group
        value={roles}
        onChange={(v) => setRoles(v as Role[])}
        label={`${t.admin.users.roles}: ${user.name}`}
      >
        <Group gap="xs" mt={4}>
          {ROLES.map((r) => (
            <Checkbox key={r} value={r} label={roleLabel[r]} size="xs" />
          ))}
        </Group>
      </Checkbox.Group>
      <Button
        size="compact-sm"
        loading={update.isPending}
        onClick={() => update.mutate({ roles }, { onSuccess: () => setEditing(false) })}
      >
        {t.admin.users.saveRoles}
      </Button>
    </Group>
  );
}

function ActiveSwitch({ user }: { user: User }) {
  const update = useUpdateUser(user);
  return (
    <Group gap="xs">
      <Text size="sm" c={user.active ? undefined : "dimmed"}>
        {user.active ? t.admin.users.active : t.admin.users.inactive}
      </Text>
      <Button
        size="compact-xs"
        variant="default"
        loading={update.isPending}
        onClick={() => update.mutate({ active: !user.active })}
        aria-label={`${user.active ? t.admin.users.deactivate : t.admin.users.activate}: ${user.name}`}
      >
        {user.active ? t.admin.users.deactivate : t.admin.users.activate}
      </Button>
    </Group>
  );
}

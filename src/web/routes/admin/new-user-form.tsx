import { Alert, Button, Checkbox, Group, PasswordInput, Stack, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ROLES, type Role } from "../../../shared/enums";
import { api, idempotencyKey } from "../../api/client";
import { data, errorMessage, fieldErrors } from "../../api/problem";
import { roleLabel, t } from "../../strings";

const empty = { name: "", email: "", password: "", roles: ["agent"] as Role[] };

export function NewUserForm() {
  const queryClient = useQueryClient();
  const [values, setValues] = useState(empty);
  const create = useMutation({
    mutationFn: () => data(api.POST("/api/v1/users", { body: values, headers: idempotencyKey() })),
    onSuccess: async (user) => {
      setValues(empty);
      await queryClient.invalidateQueries({ queryKey: ["users"] });
      notifications.show({ color: "green", message: t.admin.users.created(user.name) });
    },
  });
  const errors = fieldErrors(create.error);
  const u = t.admin.users;
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate();
      }}
    >
      <Stack gap="sm" maw={560}>
        {create.isError && Object.keys(errors).length === 0 && (
          <Alert color="red" role="alert">
            {errorMessage(create.error)}
          </Alert>
        )}
        <TextInput
          label={u.name}
          value={values.name}
          onChange={(e) => setValues({ ...values, name: e.currentTarget.value })}
          error={errors.name}
        />
        <TextInput
          label={u.email}
          type="email"
          value={values.email}
          onChange={(e) => setValues({ ...values, email: e.currentTarget.value })}
          error={errors.email}
        />
        <PasswordInput
          label={u.password}
          description={u.passwordHint}
          value={values.password}
          onChange={(e) => setValues({ ...values, password: e.currentTarget.value })}
          error={errors.password}
          autoComplete="new-password"
        />
        <Checkbox.Group
          label={u.roles}
          value={values.roles}
          onChange={(roles) => setValues({ ...values, roles: roles as Role[] })}
          error={errors.roles}
        >
          <Group gap="sm" mt={4}>
            {ROLES.map((r) => (
              <Checkbox key={r} value={r} label={roleLabel[r]} />
            ))}
          </Group>
        </Checkbox.Group>
        <Group>
          <Button type="submit" loading={create.isPending}>
            {u.create}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

import { Alert, Button, Center, Divider, Paper, PasswordInput, Stack, TextInput, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { getRouteApi, useNavigate } from "@tanstack/react-router";
import { useState } from "react";
import { api } from "../api/client";
import { ApiError, data, errorMessage } from "../api/problem";
import { sessionQuery } from "../api/session";
import { t } from "../strings";

const route = getRouteApi("/sign-in");

export function SignInPage() {
  const { expired, redirect, sso } = route.useSearch();
  const providers = useQuery({
    queryKey: ["sign-in-providers"],
    queryFn: () => data(api.GET("/api/v1/session/providers")),
    staleTime: Number.POSITIVE_INFINITY,
  });
  const singleSignOn = providers.data?.sso;
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");

  const signIn = useMutation({
    mutationFn: () => data(api.POST("/api/v1/session", { body: { email, password } })),
    onSuccess: async ({ user }) => {
      queryClient.clear();
      queryClient.setQueryData(sessionQuery.queryKey, user);
      await navigate({ to: redirect ?? "/" });
    },
  });
  const failure =
    signIn.error instanceof ApiError && signIn.error.status === 401
      ? t.signIn.failed
      : signIn.error && errorMessage(signIn.error);

  return (
    <Center mih="100vh" p="md" bg="gray.0">
      <Paper component="main" withBorder shadow="sm" p="xl" w="100%" maw={400}>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            signIn.mutate();
          }}
        >
          <Stack>
            <Title order={1} size="h3">
              {t.signIn.title}
            </Title>
            {sso && !signIn.isError && (
              <Alert color="red" role="alert">
                {t.signIn.sso[sso] ?? t.signIn.sso.sso_failed}
              </Alert>
            )}
            {singleSignOn && (
              <>
                <Button
                  component="a"
                  variant="default"
                  href={`${singleSignOn.startUrl}?${new URLSearchParams({ returnTo: redirect ?? "/" })}`}
                >
                  {t.signIn.withSso(singleSignOn.name)}
                </Button>
                <Divider label={t.signIn.orPassword} labelPosition="center" />
              </>
            )}
            {expired && !signIn.isError && (
              <Alert color="yellow" role="status">
                {t.signIn.expired}
              </Alert>
            )}
            {failure && (
              <Alert color="red" role="alert">
                {failure}
              </Alert>
            )}
            <TextInput
              label={t.signIn.email}
              type="email"
              autoComplete="username"
              required
              withAsterisk={false}
              autoFocus
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
            />
            <PasswordInput
              label={t.signIn.password}
              autoComplete="current-password"
              required
              withAsterisk={false}
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
            />
            <Button type="submit" loading={signIn.isPending}>
              {t.signIn.submit}
            </Button>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}

// Loading, empty, error, not-found and forbidden: every screen says which one it is in, in words.
import { Alert, Button, Center, Group, Loader, Stack, Text, Title } from "@mantine/core";
import type { ErrorComponentProps } from "@tanstack/react-router";
import { errorMessage } from "../api/problem";
import { t } from "../strings";
import { ButtonLink } from "./links";

export class ForbiddenError extends Error {
  constructor() {
    super("forbidden");
    this.name = "ForbiddenError";
  }
}

export function Loading({ label = t.app.loading }: { label?: string }) {
  return (
    <Center py="xl" role="status" aria-live="polite">
      <Group gap="sm">
        <Loader size="sm" aria-hidden />
        <Text c="dimmed">{label}</Text>
      </Group>
    </Center>
  );
}

export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  return (
    <Alert color="red" title={t.app.errorTitle} role="alert">
      <Stack gap="sm" align="flex-start">
        <Text size="sm">{errorMessage(error)}</Text>
        {onRetry && (
          <Button variant="light" color="red" size="xs" onClick={onRetry}>
            {t.app.retry}
          </Button>
        )}
      </Stack>
    </Alert>
  );
}

export function EmptyState({ children }: { children: React.ReactNode }) {
  return (
    <Text c="dimmed" ta="center" py="lg">
      {children}
    </Text>
  );
}

function Message({ title, body }: { title: string; body: string }) {
  return (
    <Stack align="flex-start" py="xl" maw={560}>
      <Title order={1} size="h2">
        {title}
      </Title>
      <Text>{body}</Text>
      <ButtonLink to="/cases" variant="light">
        {t.app.backToCases}
      </ButtonLink>
    </Stack>
  );
}

export function Forbidden() {
  return <Message title={t.app.forbiddenTitle} body={t.app.forbiddenBody} />;
}

export function NotFound() {
  return <Message title={t.app.notFoundTitle} body={t.app.notFoundBody} />;
}

export function RouteError({ error, reset }: ErrorComponentProps) {
  if (error instanceof ForbiddenError) return <Forbidden />;
  return <ErrorState error={error} onRetry={reset} />;
}

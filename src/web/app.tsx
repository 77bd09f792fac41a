import { MantineProvider } from "@mantine/core";
import { Notifications } from "@mantine/notifications";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { RouterProvider } from "@tanstack/react-router";
import { onSessionExpired } from "./api/client";
import { ApiError } from "./api/problem";
import { createAppRouter } from "./router";
import { cssVariablesResolver, theme } from "./theme";

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      // 4xx answers will not change by asking again; network trouble might.
      retry: (count, error) =>
        !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
    },
  },
});

const router = createAppRouter(queryClient);

// A 401 anywhere: the session is gone. Back to sign-in, remembering where the user was.
onSessionExpired(() => {
  if (queryClient.getQueryData(["session"]) === null) return;
  queryClient.setQueryData(["session"], null);
  const here = router.state.location.href;
  if (!here.startsWith("/sign-in"))
    void router.navigate({ to: "/sign-in", search: { expired: true, redirect: here } });
});

export function App() {
  return (
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver}>
      <Notifications position="top-right" autoClose={3000} />
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </MantineProvider>
  );
}

import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { Schemas } from "../../api/client";
import { ApiError } from "../../api/problem";

type Capa = Schemas["Capa"];

/**
 * A change to a CAPA: on success the page shows the answer and the register refreshes; a 412 (someone
 * changed it meanwhile) reloads it, so the user decides again on what is there now.
 */
export function useCapaChange<V = void>(
  capa: Capa,
  change: (variables: V) => Promise<Capa>,
  done: (updated: Capa) => string,
  onDone?: () => void,
) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: change,
    onSuccess: async (updated) => {
      queryClient.setQueryData(["capa", capa.reference], updated);
      await queryClient.invalidateQueries({ queryKey: ["capas"] });
      await queryClient.invalidateQueries({ queryKey: ["dashboard"] });
      notifications.show({ color: "green", message: done(updated) });
      onDone?.();
    },
    onError: async (error) => {
      if (error instanceof ApiError && error.status === 412)
        await queryClient.invalidateQueries({ queryKey: ["capa", capa.reference] });
    },
  });
}

import { FileInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, type Schemas } from "../../api/client";
import { data } from "../../api/problem";
import { FormDialog } from "../../components/form-dialog";
import { t } from "../../strings";

/** R14: the procedure's document (PDF, Word …), replacing the one before (multipart, one part `file`). */
export function ProcedureDocumentDialog({
  procedure,
  onClose,
}: {
  procedure: Schemas["Procedure"];
  onClose(): void;
}) {
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const upload = useMutation({
    mutationFn: () => {
      const form = new FormData();
      if (file) form.append("file", file, file.name);
      return data(
        api.PUT("/api/v1/procedures/{id}/document", {
          params: { path: { id: procedure.id } },
          body: { file: [] },
          bodySerializer: () => form,
        }),
      );
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ["procedures"] });
      notifications.show({ color: "green", message: t.procedures.uploaded });
      onClose();
    },
  });
  const p = t.procedures;
  return (
    <FormDialog
      title={p.uploadTitle(procedure.title)}
      submitLabel={p.upload}
      pending={upload.isPending}
      error={upload.error}
      onSubmit={() => upload.mutate()}
      onClose={onClose}
    >
      <FileInput
        label={p.file}
        value={file}
        onChange={setFile}
        clearable
        withAsterisk
        placeholder={p.upload}
      />
    </FormDialog>
  );
}

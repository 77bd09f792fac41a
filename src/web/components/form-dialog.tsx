import { Alert, Button, Group, Modal, Stack, Text } from "@mantine/core";
import { ApiError, errorMessage, fieldErrors } from "../api/problem";
import { t } from "../strings";

interface Props {
  title: string;
  /** One sentence: what happens when the form is sent. */
  help?: string;
  submitLabel: string;
  pending: boolean;
  /** The mutation's error: field errors show next to their fields, anything else here. */
  error: unknown;
  /** Fields the form shows its own errors for (by the API's field name). */
  fields?: readonly string[];
  onSubmit(): void;
  onClose(): void;
  children: React.ReactNode;
  size?: string;
}

/** A dialog with one form: its help, its fields, the server's answer, Cancel and the action. */
export function FormDialog(props: Props) {
  const { title, help, submitLabel, pending, error, fields = [], onSubmit, onClose, children } = props;
  const byField = fieldErrors(error);
  const unplaced = Object.entries(byField).filter(([field]) => !fields.includes(field));
  const placed = Object.keys(byField).length - unplaced.length;
  const stale = error instanceof ApiError && error.status === 412;
  const message = stale
    ? t.app.staleVersion
    : unplaced.length
      ? unplaced.map(([field, message]) => `${field} ${message}`).join("; ")
      : errorMessage(error);

  return (
    <Modal opened onClose={onClose} title={title} size={props.size ?? "lg"}>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (!pending) onSubmit();
        }}
      >
        <Stack gap="md">
          {help && <Text size="sm">{help}</Text>}
          {Boolean(error) && (placed === 0 || unplaced.length > 0) && (
            <Alert color="red" role="alert">
              {message}
            </Alert>
          )}
          {children}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t.app.cancel}
            </Button>
            <Button type="submit" loading={pending}>
              {submitLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

import { Alert, Button, Checkbox, Group, Select, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { api, type Schemas } from "../../api/client";
import { data, errorMessage, fieldErrors } from "../../api/problem";
import { calendarQuery } from "../../api/session";
import { ErrorState, Loading } from "../../components/states";
import { t } from "../../strings";

type Day = keyof Schemas["Calendar"]["workingHours"];
interface Calendar {
  timezone: string;
  workingHours: Record<Day, [string, string] | null>;
  holidays: string[];
}
const DAYS: Day[] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
const ZONES = Intl.supportedValuesOf("timeZone");

/** R4: the business calendar deadlines count in: time zone, working hours per day, holidays. */
export function CalendarPage() {
  const current = useQuery(calendarQuery);
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<Calendar | null>(null);
  const [holiday, setHoliday] = useState("");
  useEffect(() => {
    if (current.data) {
      const { timezone, workingHours, holidays } = current.data;
      setDraft({ timezone, workingHours: workingHours as Calendar["workingHours"], holidays: [...holidays] });
    }
  }, [current.data]);
  const save = useMutation({
    mutationFn: (body: Calendar) => data(api.PUT("/api/v1/calendar", { body })),
    onSuccess: async (saved) => {
      queryClient.setQueryData(calendarQuery.queryKey, saved);
      notifications.show({ color: "green", message: t.app.saved });
    },
  });
  if (current.isError) return <ErrorState error={current.error} onRetry={() => current.refetch()} />;
  if (!draft) return <Loading />;
  const c = t.admin.calendar;
  const errors = fieldErrors(save.error);
  const setDay = (day: Day, hours: [string, string] | null) =>
    setDraft({ ...draft, workingHours: { ...draft.workingHours, [day]: hours } });

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate(draft);
      }}
    >
      <Stack gap="md" maw={640}>
        <Text size="sm">{c.note}</Text>
        {save.isError && (
          <Alert color="red" role="alert">
            {errorMessage(save.error)}
          </Alert>
        )}
        <Select
          label={c.timezone}
          data={ZONES}
          value={draft.timezone}
          onChange={(zone) => zone && setDraft({ ...draft, timezone: zone })}
          searchable
          error={errors.timezone}
        />
        <Title order={2} size="h4">
          {c.hours}
        </Title>
        <Table>
          <Table.Tbody>
            {DAYS.map((day) => {
              const hours = draft.workingHours[day];
              return (
                <Table.Tr key={day}>
                  <Table.Th scope="row">{c.days[day]}</Table.Th>
                  <Table.Td>
                    <Checkbox
                      label={c.closed}
                      checked={hours === null}
                      onChange={(e) => setDay(day, e.currentTarget.checked ? null : ["09:00", "17:00"])}
                      aria-label={`${c.days[day]}: ${c.closed}`}
                    />
                  </Table.Td>
                  <Table.Td>
                    {hours && (
                      <Group gap="xs" wrap="nowrap">
                        <TextInput
                          type="time"
                          aria-label={`${c.days[day]}: ${c.opens}`}
                          value={hours[0]}
                          onChange={(e) => setDay(day, [e.currentTarget.value, hours[1]])}
                          error={errors[`workingHours.${day}.0`]}
                        />
                        <TextInput
                          type="time"
                          aria-label={`${c.days[day]}: ${c.closes}`}
                          value={hours[1]}
                          onChange={(e) => setDay(day, [hours[0], e.currentTarget.value])}
                          error={errors[`workingHours.${day}.1`]}
                        />
                      </Group>
                    )}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
        <Title order={2} size="h4">
          {c.holidays}
        </Title>
        <Group align="flex-end" gap="sm">
          <TextInput
            type="date"
            label={c.holidayDate}
            value={holiday}
            onChange={(e) => setHoliday(e.currentTarget.value)}
          />
          <Button
            variant="light"
            disabled={!holiday || draft.holidays.includes(holiday)}
            onClick={() => {
              setDraft({ ...draft, holidays: [...draft.holidays, holiday].sort() });
              setHoliday("");
            }}
          >
            {c.addHoliday}
          </Button>
        </Group>
        <Group gap="xs">
          {draft.holidays.map((date) => (
            <Button
              key={date}
              size="compact-sm"
              variant="default"
              onClick={() => setDraft({ ...draft, holidays: draft.holidays.filter((d) => d !== date) })}
              aria-label={`${c.remove} ${date}`}
            >
              {date} ×
            </Button>
          ))}
        </Group>
        <Group>
          <Button type="submit" loading={save.isPending}>
            {c.save}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import type { BusinessCalendar } from "../../shared/business-calendar";
import { calendarQuery } from "../api/session";

/** The organisation's time zone; every time on screen is shown in it. */
export function useTimezone(): string {
  return useQuery(calendarQuery).data?.timezone ?? "UTC";
}

/** The organisation's business calendar (hours, holidays, zone): time left is counted in it. */
export function useCalendar(): BusinessCalendar | undefined {
  // The API types the hours as string[]; the server only ever stores [start, end] pairs (validateCalendar).
  return useQuery(calendarQuery).data as BusinessCalendar | undefined;
}

/** The current time, refreshed every minute (for "time left"). */
export function useNow(): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 60_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

/** A value that settles `ms` after it last changed (search as you type). */
export function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { calendarQuery } from "../api/session";

/** The organisation's time zone; every time on screen is shown in it. */
export function useTimezone(): string {
  return useQuery(calendarQuery).data?.timezone ?? "UTC";
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

// Times in the organisation's time zone (GET /api/v1/calendar), whatever the browser's own zone is.

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${timeZone}|${JSON.stringify(options)}`;
  let found = formatters.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat("en-GB", { timeZone, ...options });
    formatters.set(key, found);
  }
  return found;
}

/** "Mon 2 Mar 2026, 10:00" in the given zone (built from parts: the same in every browser). */
export function formatDateTime(iso: string, timeZone: string): string {
  const parts = formatter(timeZone, {
    weekday: "short",
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(new Date(iso));
  const p = Object.fromEntries(parts.map((part) => [part.type, part.value]));
  return `${p.weekday} ${p.day} ${p.month} ${p.year}, ${p.hour}:${p.minute}`;
}

/** "2 Mar 2026" in the given zone. */
export function formatDate(iso: string, timeZone: string): string {
  return formatter(timeZone, { day: "numeric", month: "short", year: "numeric" }).format(new Date(iso));
}

export interface Duration {
  /** Whole minutes, rounded towards zero; negative when the instant has passed. */
  minutes: number;
  overdue: boolean;
}

export function durationUntil(iso: string, now: Date): Duration {
  const minutes = Math.trunc((new Date(iso).getTime() - now.getTime()) / 60_000);
  return { minutes, overdue: minutes < 0 };
}

/** "2 d 3 h", "3 h 20 min", "12 min", "under a minute": the two largest units of a span. */
export function describeSpan(totalMinutes: number): string {
  const m = Math.abs(totalMinutes);
  if (m < 1) return "under a minute";
  const days = Math.floor(m / 1440);
  const hours = Math.floor((m % 1440) / 60);
  const minutes = m % 60;
  if (days > 0) return hours > 0 ? `${days} d ${hours} h` : `${days} d`;
  if (hours > 0) return minutes > 0 ? `${hours} h ${minutes} min` : `${hours} h`;
  return `${minutes} min`;
}

/** The wall-clock parts of an instant in a zone. */
function zonedParts(date: Date, timeZone: string): Record<string, number> {
  const parts = formatter(timeZone, {
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
  }).formatToParts(date);
  const out: Record<string, number> = {};
  for (const part of parts) if (part.type !== "literal") out[part.type] = Number(part.value);
  return out;
}

/** The zone's offset from UTC at an instant, in minutes (London in summer: 60). */
function offsetMinutes(date: Date, timeZone: string): number {
  const p = zonedParts(date, timeZone);
  const asUtc = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
  return Math.round((asUtc - Math.floor(date.getTime() / 1000) * 1000) / 60_000);
}

const pad = (n: number) => String(n).padStart(2, "0");

/** The value of an `<input type="datetime-local">` showing this instant in the zone: "2026-03-02T10:00". */
export function toZonedInput(date: Date, timeZone: string): string {
  const p = zonedParts(date, timeZone);
  return `${p.year}-${pad(p.month!)}-${pad(p.day!)}T${pad(p.hour!)}:${pad(p.minute!)}`;
}

/** The instant a `datetime-local` value means in the zone, as ISO 8601 UTC; undefined when malformed. */
export function fromZonedInput(value: string, timeZone: string): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!match) return undefined;
  const [, y, mo, d, h, mi] = match.map(Number) as number[];
  const wall = Date.UTC(y!, mo! - 1, d!, h!, mi!);
  // The offset at the wall time read as UTC is right except within hours of a change; one more pass fixes that.
  let instant = wall - offsetMinutes(new Date(wall), timeZone) * 60_000;
  instant = wall - offsetMinutes(new Date(instant), timeZone) * 60_000;
  return new Date(instant).toISOString();
}

/** Mondays 00:00 in the zone, oldest first: the starts of the last `count` weeks, this week last. */
export function weekStarts(now: Date, timeZone: string, count: number): string[] {
  const today = toZonedInput(now, timeZone).slice(0, 10);
  const [y, m, d] = today.split("-").map(Number) as [number, number, number];
  const weekday = (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  const starts: string[] = [];
  for (let week = count - 1; week >= 0; week--) {
    const monday = new Date(Date.UTC(y, m - 1, d - weekday - 7 * week));
    starts.push(fromZonedInput(`${monday.toISOString().slice(0, 10)}T00:00`, timeZone)!);
  }
  return starts;
}

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

/** "1 May 2026" for a calendar date "2026-05-01" (a day, not an instant: no zone applies). */
export function formatDay(date: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return date;
  const utc = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return formatter("UTC", { day: "numeric", month: "short", year: "numeric" }).format(utc);
}

/** "May 2026" for a month "2026-05". */
export function formatMonth(month: string): string {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  if (!match) return month;
  const utc = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, 1));
  return formatter("UTC", { month: "long", year: "numeric" }).format(utc);
}

/** Today's date in the zone, "2026-05-01". */
export function todayIn(now: Date, timeZone: string): string {
  return toZonedInput(now, timeZone).slice(0, 10);
}

/** The month before the one `now` is in, in the zone: "2026-04" on 1 May 2026. */
export function previousMonthIn(now: Date, timeZone: string): string {
  const [y, m] = todayIn(now, timeZone).split("-").map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, "0")}`;
}

/** "2 Mar 2026" in the given zone. */
export function formatDate(iso: string, timeZone: string): string {
  return formatter(timeZone, { day: "numeric", month: "short", year: "numeric" }).format(new Date(iso));
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

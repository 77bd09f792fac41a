import { DateTime } from "luxon";

/**
 * R2: dates as old complaint logs write them — ISO (2024-06-01, 2024-06-01 14:30), day or month first
 * (01/06/2024, 6/1/24, 1.6.2024), month names (1 June 2024, Jun 1, 2024, 01-Jun-24) and spreadsheet serial
 * numbers (45444). Pure; times without a zone are the organisation's.
 */
export type DateOrder = "dmy" | "mdy";

export type ParsedDate = { at: Date } | { error: string };

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const TIME = String.raw`(?:[ T]+(\d{1,2})[:.](\d{2})(?::(\d{2}))?(?:\.\d+)?\s*(am|pm)?)?`;
const ISO = new RegExp(String.raw`^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})${TIME}\s*(Z|[+-]\d{2}:?\d{2})?$`, "i");
const NUMERIC = new RegExp(String.raw`^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})${TIME}$`, "i");
const DAY_NAME = new RegExp(
  String.raw`^(\d{1,2})(?:st|nd|rd|th)?[\s\-]+([a-z]{3,9})\.?,?[\s\-]+(\d{2}|\d{4})${TIME}$`,
  "i",
);
const NAME_DAY = new RegExp(
  String.raw`^([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})${TIME}$`,
  "i",
);
const SERIAL = /^(\d{5})(?:\.(\d+))?$/;

const fullYear = (y: string) => (y.length === 2 ? 2000 + Number(y) : Number(y));
const monthOf = (name: string) => MONTHS.indexOf(name.slice(0, 3).toLowerCase()) + 1;

function hours(h: string | undefined, ampm: string | undefined): number {
  const value = Number(h ?? 0);
  if (!ampm) return value;
  return (value % 12) + (ampm.toLowerCase() === "pm" ? 12 : 0);
}

function build(
  year: number,
  month: number,
  day: number,
  time: (string | undefined)[],
  zone: string,
  offset?: string,
): ParsedDate {
  const [h, m, s, ampm] = time;
  const dt = DateTime.fromObject(
    { year, month, day, hour: hours(h, ampm), minute: Number(m ?? 0), second: Number(s ?? 0) },
    {
      zone: offset
        ? `UTC${offset === "Z" || offset === "z" ? "" : offset.replace(/(\d{2})(\d{2})$/, "$1:$2")}`
        : zone,
    },
  );
  return dt.isValid ? { at: dt.toJSDate() } : { error: "is not a real date" };
}

/** Which numeric dates could be read both ways (both parts 12 or less). */
export function isAmbiguous(text: string): boolean {
  const m = NUMERIC.exec(text.trim());
  return Boolean(m && Number(m[1]) <= 12 && Number(m[2]) <= 12 && m[1] !== m[2]);
}

/**
 * The order a file writes numeric dates in: a day above 12 in first place says day first, in second place
 * month first. Both at once means the file mixes them; neither means it cannot tell (the caller decides).
 */
export function detectDateOrder(texts: Iterable<string>): DateOrder | "mixed" | "unknown" {
  let dmy = false;
  let mdy = false;
  for (const text of texts) {
    const m = NUMERIC.exec(text.trim());
    if (!m) continue;
    if (Number(m[1]) > 12) dmy = true;
    if (Number(m[2]) > 12) mdy = true;
  }
  return dmy && mdy ? "mixed" : dmy ? "dmy" : mdy ? "mdy" : "unknown";
}

export function parseLegacyDate(raw: string, order: DateOrder, zone: string): ParsedDate {
  const text = raw.trim().replace(/\s+/g, " ");
  let m = ISO.exec(text);
  if (m) return build(Number(m[1]), Number(m[2]), Number(m[3]), [m[4], m[5], m[6], m[7]], zone, m[8]);
  m = NUMERIC.exec(text);
  if (m) {
    const [first, second] = [Number(m[1]), Number(m[2])];
    // A part above 12 can only be the day, whatever the file's order.
    const dayFirst = first > 12 || (second <= 12 && order === "dmy");
    const [day, month] = dayFirst ? [first, second] : [second, first];
    return build(fullYear(m[3]!), month, day, [m[4], m[5], m[6], m[7]], zone);
  }
  m = DAY_NAME.exec(text);
  if (m && monthOf(m[2]!) > 0)
    return build(fullYear(m[3]!), monthOf(m[2]!), Number(m[1]), [m[4], m[5], m[6], m[7]], zone);
  m = NAME_DAY.exec(text);
  if (m && monthOf(m[1]!) > 0)
    return build(Number(m[3]), monthOf(m[1]!), Number(m[2]), [m[4], m[5], m[6], m[7]], zone);
  m = SERIAL.exec(text);
  if (m) {
    // Spreadsheet serial: days since 1899-12-30 (the 1900 leap-year quirk included), fraction = time of day.
    const serial = Number(text);
    if (serial >= 20_000 && serial <= 80_000) {
      const base = DateTime.fromObject({ year: 1899, month: 12, day: 30 }, { zone });
      return {
        at: base.plus({ days: Math.floor(serial), minutes: Math.round((serial % 1) * 1440) }).toJSDate(),
      };
    }
  }
  return { error: "is not a date we can read; write it as YYYY-MM-DD (or DD/MM/YYYY)" };
}

import { createHash } from "node:crypto";
import { LOG_COLUMNS } from "../cases/cases.export.js";
import { normaliseEmail, normalisePhone } from "../customers/customers.match.js";
import { AppError } from "../errors.js";
import { type DateOrder, detectDateOrder, isAmbiguous, parseLegacyDate } from "./imports.dates.js";
import type { SheetRows } from "./imports.read.js";

/**
 * R2 / S0 §5: the rows of a legacy log checked one by one — pure, so a dry run and the real import see the
 * same thing. A row is good or bad with every reason at once; nothing here writes.
 */
export type S0Column = (typeof LOG_COLUMNS)[number];
export type ColumnMapping = Partial<Record<S0Column, string>>;
const REQUIRED: S0Column[] = ["Date", "Customer Name", "Complaint Details"];

export type LegacyStatus = "new" | "in_progress" | "closed";

export interface LegacyRow {
  number: number;
  /** Digest of the row's values and its occurrence among identical rows: the same row is imported once. */
  key: string;
  receivedAt: Date;
  closedAt: Date | null;
  status: LegacyStatus;
  name: string;
  email: string | null;
  emailNorm: string | null;
  phone: string | null;
  phoneNorm: string | null;
  summary: string;
  details: string;
  handler: string | null;
  actions: string | null;
}

export interface BadRow {
  number: number;
  reason: string;
}

const squash = (s: string) => s.trim().replace(/\s+/g, " ").toLowerCase();

/** Finds each S0 column in the header (case and spacing ignored), through the mapping for other layouts. */
export function locateColumns(header: string[], mapping: ColumnMapping): Partial<Record<S0Column, number>> {
  const found: Partial<Record<S0Column, number>> = {};
  const unknownTargets = Object.keys(mapping).filter((k) => !LOG_COLUMNS.includes(k as S0Column));
  if (unknownTargets.length) {
    throw new AppError(
      "bad_mapping",
      400,
      `the mapping names ${unknownTargets.map((k) => `"${k}"`).join(", ")}, which ${unknownTargets.length === 1 ? "is" : "are"} not an S0 column; map onto: ${LOG_COLUMNS.join(", ")}`,
    );
  }
  for (const column of LOG_COLUMNS) {
    const wanted = squash(mapping[column] ?? column);
    const at = header.findIndex((h) => squash(h) === wanted);
    if (at >= 0) found[column] = at;
  }
  const missing = REQUIRED.filter((c) => found[c] === undefined);
  if (missing.length) {
    throw new AppError(
      "missing_columns",
      400,
      `the file has no ${missing.map((c) => `"${mapping[c] ?? c}"`).join(", ")} column; its columns are ${header.map((h) => `"${h}"`).join(", ")}. ` +
        'Use the S0 headings, or map yours, e.g. --map "Date=Received On,Customer Name=Client"',
      { missing },
    );
  }
  return found;
}

const STATUSES: Record<string, LegacyStatus> = {
  open: "new",
  new: "new",
  received: "new",
  logged: "new",
  "in progress": "in_progress",
  "in-progress": "in_progress",
  inprogress: "in_progress",
  ongoing: "in_progress",
  pending: "in_progress",
  assigned: "in_progress",
  investigating: "in_progress",
  closed: "closed",
  resolved: "closed",
  done: "closed",
  complete: "closed",
  completed: "closed",
};

const EMAIL = /[^\s,;<>()"']+@[^\s,;<>()"']+\.[a-z]{2,}/i;

function contactOf(text: string, region: string | undefined) {
  const email = EMAIL.exec(text)?.[0] ?? null;
  const rest = (email ? text.replace(email, " ") : text)
    .replace(/^[\s,;/|]+|[\s,;/|]+$/g, "")
    .replace(/\b(tel|phone|mob(ile)?)[:.]?/gi, "")
    .trim();
  if (!rest) return { email, phone: null, phoneNorm: null };
  const phoneNorm = normalisePhone(rest, region);
  return phoneNorm === undefined
    ? { error: `Contact Info "${text}" is neither an email address nor a phone number` }
    : { email, phone: rest, phoneNorm };
}

function summaryOf(details: string): string {
  const first =
    details
      .split(/\r?\n/)
      .find((line) => line.trim())
      ?.trim() ?? details.trim();
  return first.length > 300 ? `${first.slice(0, 299)}…` : first;
}

export interface CheckOptions {
  zone: string;
  dateOrder: DateOrder | "auto";
  now: Date;
  phoneRegion: string | undefined;
}

export function checkRows(
  sheet: SheetRows,
  columns: Partial<Record<S0Column, number>>,
  options: CheckOptions,
) {
  const cell = (cells: string[], c: S0Column) =>
    columns[c] === undefined ? "" : (cells[columns[c]!] ?? "").trim();
  const detected = detectDateOrder(
    sheet.rows.flatMap((r) => [cell(r.cells, "Date"), cell(r.cells, "Resolution/Closure Date")]),
  );
  const order: DateOrder =
    options.dateOrder !== "auto" ? options.dateOrder : detected === "mdy" ? "mdy" : "dmy";
  const good: LegacyRow[] = [];
  const bad: BadRow[] = [];
  const seen = new Map<string, number>();
  for (const { number, cells } of sheet.rows) {
    const problems: string[] = [];
    const date = (c: S0Column) => {
      const text = cell(cells, c);
      if (!text) return null;
      if (options.dateOrder === "auto" && detected === "mixed" && isAmbiguous(text)) {
        problems.push(
          `${c} "${text}" could be read day-first or month-first and this file writes dates both ways; give the date order (--date-order dmy|mdy)`,
        );
        return null;
      }
      const parsed = parseLegacyDate(text, order, options.zone);
      if ("error" in parsed) problems.push(`${c} "${text}" ${parsed.error}`);
      return "at" in parsed ? parsed.at : null;
    };
    const receivedAt = date("Date");
    if (!cell(cells, "Date")) problems.push("Date is empty");
    if (receivedAt && receivedAt.getTime() > options.now.getTime())
      problems.push(`Date ${cell(cells, "Date")} is in the future`);
    const closedAt = date("Resolution/Closure Date");
    if (receivedAt && closedAt && closedAt.getTime() < receivedAt.getTime() - 86_400_000) {
      problems.push(`Resolution/Closure Date ${cell(cells, "Resolution/Closure Date")} is before the Date`);
    }
    const name = cell(cells, "Customer Name");
    if (!name) problems.push("Customer Name is empty");
    if (name.length > 200) problems.push("Customer Name is longer than 200 characters");
    const details = cell(cells, "Complaint Details");
    if (!details) problems.push("Complaint Details is empty");
    if (details.length > 20_000) problems.push("Complaint Details is longer than 20,000 characters");
    const rawStatus = cell(cells, "Status");
    let status: LegacyStatus | undefined = rawStatus
      ? STATUSES[squash(rawStatus)]
      : closedAt
        ? "closed"
        : "new";
    if (!status) problems.push(`Status "${rawStatus}" is not one of Open, In Progress, Closed`);
    if (status === "closed" && !closedAt && !cell(cells, "Resolution/Closure Date")) {
      problems.push("a Closed complaint needs its Resolution/Closure Date");
    }
    if (status && status !== "closed" && closedAt) {
      problems.push(
        `Status is ${rawStatus || "Open"} but the row has a Resolution/Closure Date; one of them is wrong`,
      );
      status = undefined;
    }
    const contact = contactOf(cell(cells, "Contact Info"), options.phoneRegion);
    if ("error" in contact) problems.push(contact.error!);
    if (problems.length || !status || !receivedAt || "error" in contact) {
      bad.push({ number, reason: problems.join("; ") });
      continue;
    }
    const values = LOG_COLUMNS.map((c) => squash(cell(cells, c)));
    const digest = createHash("sha256").update(JSON.stringify(values)).digest("hex");
    const occurrence = (seen.get(digest) ?? 0) + 1;
    seen.set(digest, occurrence);
    good.push({
      number,
      key: `${digest}:${occurrence}`,
      receivedAt,
      closedAt,
      status,
      name,
      email: contact.email,
      emailNorm: normaliseEmail(contact.email),
      phone: contact.phone,
      phoneNorm: contact.phoneNorm,
      summary: summaryOf(details),
      details,
      handler: cell(cells, "Handler") || null,
      actions: cell(cells, "Actions Taken") || null,
    });
  }
  return { good, bad, dateOrder: order };
}

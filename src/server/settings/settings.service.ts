import type { Db } from "../db/client.js";
import type { BusinessCalendar } from "../sla/sla.calendar.js";
import { DEFAULT_WORKING_HOURS } from "../sla/sla.calendar.js";
import { DEFAULT_POLICY, type Policy } from "../sla/sla.policy.js";
import {
  insertSettingsVersion,
  latestSettings,
  type SettingsVersion,
  settingsVersion,
} from "./settings.queries.js";

export interface CurrentSettings {
  calendar: SettingsVersion<BusinessCalendar>;
  policy: SettingsVersion<Policy>;
}

/** A change made here is seen at once; another instance sees it within CACHE_MS. */
const CACHE_MS = 2_000;

/**
 * The calendar and policy, cached per app: every case creation needs the current ones and every change
 * to a case the versions it was set under (which never change once written). Reads go through the
 * connection the caller passes — inside a transaction, the transaction's — never a second one.
 */
export class SettingsStore {
  private latest: { at: number; value: CurrentSettings } | undefined;
  private readonly pinned = new Map<string, Promise<unknown>>();

  async current(db: Db, now = Date.now()): Promise<CurrentSettings> {
    if (this.latest && now - this.latest.at < CACHE_MS) return this.latest.value;
    const rows = await latestSettings(db);
    const calendar = rows.find((r) => r.kind === "calendar") as SettingsVersion<BusinessCalendar> | undefined;
    const policy = rows.find((r) => r.kind === "policy") as SettingsVersion<Policy> | undefined;
    if (!calendar || !policy)
      throw new Error("settings are missing: run `redress migrate` to create the defaults");
    const value = { calendar, policy: { ...policy, body: { ...DEFAULT_POLICY, ...policy.body } } };
    this.latest = { at: now, value };
    return value;
  }

  /** R4: the calendar and policy a case's deadlines were set under (recorded on the case). */
  async ofCase(db: Db, c: { policyVersion: number; calendarVersion: number }) {
    const [policy, calendar] = await Promise.all([
      this.pinnedVersion<Policy>(db, "policy", c.policyVersion),
      this.pinnedVersion<BusinessCalendar>(db, "calendar", c.calendarVersion),
    ]);
    return { policy: { ...DEFAULT_POLICY, ...policy }, calendar };
  }

  forget(): void {
    this.latest = undefined;
  }

  private pinnedVersion<T>(db: Db, kind: "calendar" | "policy", version: number): Promise<T> {
    const key = `${kind}:${version}`;
    let found = this.pinned.get(key) as Promise<T> | undefined;
    if (!found) {
      found = settingsVersion<T>(db, kind, version).then((row) => {
        if (!row) throw new Error(`${kind} version ${version} is missing`);
        return row.body;
      });
      found.catch(() => this.pinned.delete(key));
      this.pinned.set(key, found);
    }
    return found;
  }
}

/** Bootstrap: the first calendar (Mon–Fri 09:00–17:00 in REDRESS_TIMEZONE) and the default policy. */
export async function ensureDefaultSettings(db: Db, timezone: string, now: Date): Promise<void> {
  const rows = await latestSettings(db);
  if (!rows.some((r) => r.kind === "calendar")) {
    const calendar: BusinessCalendar = { timezone, workingHours: DEFAULT_WORKING_HOURS, holidays: [] };
    await insertSettingsVersion(db, "calendar", calendar, now, null);
  }
  if (!rows.some((r) => r.kind === "policy")) {
    await insertSettingsVersion(db, "policy", DEFAULT_POLICY, now, null);
  }
}

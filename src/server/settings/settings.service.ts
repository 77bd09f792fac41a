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

/**
 * The current calendar and policy, cached for a moment: every case creation needs them and they change
 * rarely. A change made here clears the cache at once; another instance sees it within CACHE_MS, and
 * each case records the versions it used, so nothing is ambiguous.
 */
const CACHE_MS = 2_000;
const cache = new WeakMap<Db, { at: number; value: CurrentSettings }>();

export async function currentSettings(db: Db, now = Date.now()): Promise<CurrentSettings> {
  const hit = cache.get(db);
  if (hit && now - hit.at < CACHE_MS) return hit.value;
  const rows = await latestSettings(db);
  const calendar = rows.find((r) => r.kind === "calendar") as SettingsVersion<BusinessCalendar> | undefined;
  const policy = rows.find((r) => r.kind === "policy") as SettingsVersion<Policy> | undefined;
  if (!calendar || !policy)
    throw new Error("settings are missing: run `redress migrate` to create the defaults");
  const value = { calendar, policy: { ...policy, body: { ...DEFAULT_POLICY, ...policy.body } } };
  cache.set(db, { at: now, value });
  return value;
}

export function forgetCachedSettings(db: Db): void {
  cache.delete(db);
}

export async function calendarVersion(db: Db, version: number) {
  return settingsVersion<BusinessCalendar>(db, "calendar", version);
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

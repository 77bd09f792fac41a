import type { FastifyBaseLogger } from "fastify";
import type { Role } from "../shared/enums.js";
import type { Clock } from "./clock.js";
import type { Config } from "./config.js";
import type { Db } from "./db/client.js";
import type { SettingsStore } from "./settings/settings.service.js";

/** Who is acting. `source` is stamped on every audit event (Part 11 §11.10(h): the source of input). */
export interface Actor {
  kind: "user" | "system" | "public";
  userId: string | null;
  roles: readonly Role[];
  /** "session", "token:<id>", "cli", "scheduler", "public-form", ... */
  source: string;
}

export const systemActor = (source: string): Actor => ({ kind: "system", userId: null, roles: [], source });
export const publicActor = (source: string): Actor => ({ kind: "public", userId: null, roles: [], source });

export interface IdempotencyClaim {
  principal: string;
  key: string;
  requestHash: string;
  statusCode: number;
}

/** What every service receives: nothing global (CONVENTIONS.md "Services are plain functions"). */
export interface Ctx {
  db: Db;
  actor: Actor;
  clock: Clock;
  log: FastifyBaseLogger;
  config: Config;
  /** The calendar and policy cache of this app (always read through the connection you pass). */
  settings: SettingsStore;
  idempotency?: IdempotencyClaim;
}

export function hasRole(actor: Actor, ...roles: Role[]): boolean {
  return actor.roles.some((role) => roles.includes(role));
}

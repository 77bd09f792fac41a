import { queryOptions } from "@tanstack/react-query";
import type { Role } from "../../shared/enums";
import { api, type User } from "./client";
import { data } from "./problem";

/** Who is signed in; null when nobody is (GET /api/v1/session answers 401). */
export const sessionQuery = queryOptions({
  queryKey: ["session"],
  queryFn: async (): Promise<User | null> => {
    const result = await api.GET("/api/v1/session");
    if (result.response.status === 401) return null;
    return (await data(Promise.resolve(result))).user;
  },
  staleTime: 5 * 60_000,
});

/** The organisation's calendar: its time zone is the one every time is shown in. */
export const calendarQuery = queryOptions({
  queryKey: ["calendar"],
  queryFn: () => data(api.GET("/api/v1/calendar")),
  staleTime: 10 * 60_000,
});

/** Everyone on staff: owner pickers and names. */
export const usersQuery = queryOptions({
  queryKey: ["users"],
  queryFn: () => data(api.GET("/api/v1/users")),
  staleTime: 60_000,
});

/** The policy: root cause categories for pickers. */
export const policyQuery = queryOptions({
  queryKey: ["policy"],
  queryFn: () => data(api.GET("/api/v1/policy")),
  staleTime: 10 * 60_000,
});

export function hasRole(user: Pick<User, "roles"> | null | undefined, ...roles: Role[]): boolean {
  return Boolean(user?.roles.some((role) => roles.includes(role)));
}

/** Who sees what (the server decides for real; this only keeps the screens honest). */
export const can = {
  logCases: (u: User) => hasRole(u, "agent", "manager", "senior", "quality", "records", "admin"),
  seeDashboard: (u: User) => hasRole(u, "manager", "senior", "quality", "admin"),
  administer: (u: User) => hasRole(u, "admin"),
  /** R2 / ISO 10002 8.5: those who audit the process read the whole trail. */
  readAuditTrail: (u: User) => hasRole(u, "auditor", "records", "quality", "admin"),
  /** R6: quality runs CAPAs with managers (capa.policy.ts); every staff member may read them. */
  writeCapas: (u: User) => hasRole(u, "quality", "manager", "senior", "admin"),
  readRootCauses: (u: User) => hasRole(u, "quality", "manager", "senior", "admin", "auditor"),
  /** R12–R14 (quality.policy.ts): samples, reviews and reports are read by quality, management, auditors. */
  readQuality: (u: User) => hasRole(u, "quality", "manager", "senior", "admin", "auditor"),
  drawSample: (u: User) => hasRole(u, "quality", "manager", "admin"),
  checkSample: (u: User) => hasRole(u, "quality", "manager"),
  writeReviews: (u: User) => hasRole(u, "quality", "manager", "senior", "admin"),
  writeProcedures: (u: User) => hasRole(u, "quality", "admin"),
  readProcessFeedback: (u: User) => hasRole(u, "quality", "manager", "senior", "admin"),
  /**
   * R10 (records.policy.ts): the registers are read by records management, auditors and admins — the same
   * roles that may download an archived case file (cases.policy.ts ARCHIVE_READERS).
   */
  readRecords: (u: User) => hasRole(u, "records", "auditor", "admin"),
  /** Legal holds and disposals are decided by records management only. */
  manageRecords: (u: User) => hasRole(u, "records"),
  /** R12 (reports.policy.ts): the monthly report is for those who review complaint handling. */
  readReports: (u: User) => hasRole(u, "manager", "senior", "quality", "auditor", "admin"),
};

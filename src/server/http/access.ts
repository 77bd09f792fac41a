import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Role } from "../../shared/enums.js";
import { caseOwnerId } from "../cases/cases.queries.js";
import { hasRole } from "../context.js";
import { AppError } from "../errors.js";

/**
 * Who may call a route (R11: role-based access on every endpoint). Each area declares its routes'
 * access in `<area>.policy.ts`; a route without one fails at start-up: deny by default.
 */
export type Access =
  | { public: true }
  | { signedIn: true }
  /** `roles` may always; `owner` roles may too when they own the case (checked by the service). */
  | { roles: readonly Role[]; owner?: readonly Role[] };

declare module "fastify" {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyInstance {
    /** Every route with its access, for the access-matrix test and the docs. */
    routeTable: RouteAccess[];
  }
}

export interface RouteAccess {
  method: string;
  url: string;
  access: Access;
}

export function describeAccess(access: Access): string {
  if ("public" in access) return "public";
  if ("signedIn" in access) return "any signed-in user";
  return access.owner
    ? `${access.roles.join(", ")}; owner who is ${access.owner.join(", ")}`
    : access.roles.join(", ");
}

/** Refuses to start when a route has no access declaration (routes of Fastify's own are exempt). */
export function requireAccessOnEveryRoute(app: FastifyInstance): void {
  const table: RouteAccess[] = [];
  app.decorate("routeTable", table);
  app.addHook("onRoute", (route) => {
    const access = (route.config as { access?: Access } | undefined)?.access;
    if (!access) throw new Error(`route ${route.method} ${route.url} has no access policy (config.access)`);
    for (const method of [route.method].flat()) {
      if (method !== "HEAD") table.push({ method, url: route.url, access });
    }
  });
}

/** Owners' access is decided here too, before the body is read, from the case named in the path. */
async function isOwnerWithRole(
  request: FastifyRequest,
  access: { owner?: readonly Role[] },
): Promise<boolean> {
  const reference = (request.params as { reference?: string }).reference;
  if (!access.owner || !reference || !hasRole(request.actor, ...access.owner)) return false;
  return (await caseOwnerId(request.server.deps.db, reference)) === request.actor.userId;
}

export async function enforceAccess(request: FastifyRequest): Promise<void> {
  const access = request.routeOptions.config.access;
  if (!access || "public" in access) return;
  const actor = request.actor;
  if (actor.kind !== "user") {
    throw new AppError(
      "unauthenticated",
      401,
      "sign in (POST /api/v1/session) or send Authorization: Bearer <token>",
    );
  }
  if ("roles" in access && !hasRole(actor, ...access.roles) && !(await isOwnerWithRole(request, access))) {
    throw new AppError(
      "forbidden",
      403,
      `this needs one of the roles ${access.roles.join(", ")}${access.owner ? `, or to own the case as ${access.owner.join(", ")}` : ""}; you have ${actor.roles.join(", ") || "none"}`,
    );
  }
}

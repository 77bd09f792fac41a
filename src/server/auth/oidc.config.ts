import { ROLES, type Role } from "../../shared/enums.js";
import { ConfigError } from "../config.js";

/** Single sign-on with an OpenID Connect provider (R11; issue 9 item 7). Unset issuer = password only. */
export interface OidcConfig {
  issuer: URL;
  clientId: string;
  clientSecret: string;
  /** The button says "Sign in with {displayName}". */
  displayName: string;
  scopes: string;
  /** The ID token or userinfo claim that lists the user's groups (Keycloak, Entra ID: "groups"). */
  groupsClaim: string;
  /**
   * Group → roles. Set: the provider's groups decide a user's roles at every sign-in, and a new user is
   * created on first sign-in. Empty: roles are kept in Redress, and only existing users may sign in.
   */
  roleMap: Map<string, Role[]>;
}

type Env = Record<string, string | undefined>;

export function loadOidcConfig(env: Env): OidcConfig | undefined {
  const raw = env.REDRESS_OIDC_ISSUER;
  if (!raw) return undefined;
  let issuer: URL;
  try {
    issuer = new URL(raw);
  } catch {
    throw new ConfigError("REDRESS_OIDC_ISSUER", `"${raw}" is not a URL; give the provider's issuer`);
  }
  if (issuer.protocol !== "https:" && !isLoopback(issuer)) {
    throw new ConfigError(
      "REDRESS_OIDC_ISSUER",
      "must start with https: (plain http: is allowed only for a provider on this machine)",
    );
  }
  const clientId = env.REDRESS_OIDC_CLIENT_ID;
  const clientSecret = env.REDRESS_OIDC_CLIENT_SECRET;
  if (!clientId) throw required("REDRESS_OIDC_CLIENT_ID");
  if (!clientSecret) throw required("REDRESS_OIDC_CLIENT_SECRET");
  const scopes = env.REDRESS_OIDC_SCOPES || "openid email profile";
  if (!scopes.split(/\s+/).includes("openid")) {
    throw new ConfigError("REDRESS_OIDC_SCOPES", `"${scopes}" must include openid`);
  }
  return {
    issuer,
    clientId,
    clientSecret,
    displayName: env.REDRESS_OIDC_NAME || "single sign-on",
    scopes,
    groupsClaim: env.REDRESS_OIDC_GROUPS_CLAIM || "groups",
    roleMap: parseRoleMap(env.REDRESS_OIDC_ROLES ?? ""),
  };
}

/** Plain HTTP is refused except on loopback, where a test or a local provider runs. */
export function isLoopback(url: URL): boolean {
  return ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname);
}

const required = (name: string) =>
  new ConfigError(
    name,
    "is required when REDRESS_OIDC_ISSUER is set (from the provider's client registration)",
  );

/** `group=role+role,group=role`, e.g. `complaints-team=agent,complaints-leads=manager+senior`. */
export function parseRoleMap(raw: string): Map<string, Role[]> {
  const map = new Map<string, Role[]>();
  for (const entry of raw.split(",").map((part) => part.trim())) {
    if (!entry) continue;
    const at = entry.lastIndexOf("=");
    const group = entry.slice(0, at).trim();
    const roles = entry
      .slice(at + 1)
      .split("+")
      .map((role) => role.trim());
    const unknown = roles.find((role) => !(ROLES as readonly string[]).includes(role));
    if (at < 1 || unknown !== undefined) {
      throw new ConfigError(
        "REDRESS_OIDC_ROLES",
        `"${entry}" is not group=role; roles are ${ROLES.join(", ")}, joined by + (e.g. leads=manager+senior)`,
      );
    }
    map.set(group, [...new Set([...(map.get(group) ?? []), ...(roles as Role[])])]);
  }
  return map;
}

/** The roles the user's groups give, in the order of ROLES; empty when no group is mapped. */
export function rolesForGroups(roleMap: Map<string, Role[]>, groups: readonly string[]): Role[] {
  const granted = new Set(groups.flatMap((group) => roleMap.get(group) ?? []));
  return ROLES.filter((role) => granted.has(role));
}

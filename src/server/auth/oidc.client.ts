import type * as Oidc from "openid-client";
import { AppError } from "../errors.js";
import { isLoopback, type OidcConfig } from "./oidc.config.js";

/** What Redress keeps between the redirect to the provider and the way back (in a short-lived cookie). */
export interface PendingSignIn {
  state: string;
  nonce: string;
  verifier: string;
  /** Where the app sends the user afterwards: a path of this site. */
  returnTo: string;
}

/** The person the provider vouched for. */
export interface OidcIdentity {
  /** `issuer|sub`: stable across email changes. */
  subject: string;
  email: string | undefined;
  emailVerified: boolean;
  name: string | undefined;
  groups: string[];
}

export const oidcUnavailable = (issuer: URL) =>
  new AppError(
    "sso_unavailable",
    503,
    `the sign-in provider at ${issuer.origin} did not answer; try again shortly, or sign in with a password`,
  );

/**
 * The provider's metadata, discovered on first use and kept: Redress starts even while the provider is
 * down, and a failed discovery is tried again on the next sign-in.
 */
const discovered = new Map<string, Promise<Oidc.Configuration>>();

/** Loaded on first use: an instance without single sign-on never pays its memory. */
const library = () => import("openid-client");

function configuration(oidc: typeof Oidc, config: OidcConfig): Promise<Oidc.Configuration> {
  const key = `${config.issuer.href} ${config.clientId}`;
  let found = discovered.get(key);
  if (!found) {
    found = oidc
      .discovery(config.issuer, config.clientId, config.clientSecret, undefined, {
        ...(isLoopback(config.issuer) ? { execute: [oidc.allowInsecureRequests] } : {}),
        timeout: 10,
      })
      .catch((error: unknown) => {
        discovered.delete(key);
        throw error;
      });
    discovered.set(key, found);
  }
  return found;
}

export const redirectUri = (publicUrl: string) => `${publicUrl}/api/v1/session/oidc/callback`;

/** The provider's sign-in page to send the browser to, with state, nonce and PKCE (S256). */
export async function startSignIn(
  config: OidcConfig,
  publicUrl: string,
  returnTo: string,
): Promise<{ location: URL; pending: PendingSignIn }> {
  const oidc = await library();
  const server = await configuration(oidc, config).catch(() => {
    throw oidcUnavailable(config.issuer);
  });
  const pending: PendingSignIn = {
    state: oidc.randomState(),
    nonce: oidc.randomNonce(),
    verifier: oidc.randomPKCECodeVerifier(),
    returnTo,
  };
  const location = oidc.buildAuthorizationUrl(server, {
    redirect_uri: redirectUri(publicUrl),
    scope: config.scopes,
    state: pending.state,
    nonce: pending.nonce,
    code_challenge: await oidc.calculatePKCECodeChallenge(pending.verifier),
    code_challenge_method: "S256",
  });
  return { location, pending };
}

/**
 * The way back: checks state, exchanges the code (PKCE), validates the ID token (signature, issuer,
 * audience, expiry, nonce) and reads the claims, with userinfo for those the ID token leaves out.
 * A refused answer (a forged state, a declined consent, a bad token) throws 401 `sso_failed` with the reason.
 */
export async function finishSignIn(
  config: OidcConfig,
  callbackUrl: URL,
  pending: PendingSignIn,
): Promise<OidcIdentity> {
  const oidc = await library();
  const server = await configuration(oidc, config).catch(() => {
    throw oidcUnavailable(config.issuer);
  });
  let claims: Record<string, unknown>;
  let idToken: Oidc.IDToken;
  try {
    const tokens = await oidc.authorizationCodeGrant(server, callbackUrl, {
      pkceCodeVerifier: pending.verifier,
      expectedState: pending.state,
      expectedNonce: pending.nonce,
      idTokenExpected: true,
    });
    idToken = tokens.claims()!;
    claims = idToken;
    if (!(config.groupsClaim in idToken) || !("email" in idToken)) {
      const userInfo = await oidc.fetchUserInfo(server, tokens.access_token, idToken.sub);
      claims = { ...userInfo, ...idToken };
    }
  } catch (error) {
    throw new AppError(
      "sso_failed",
      401,
      `the sign-in provider's answer was refused: ${(error as Error).message}`,
    );
  }
  const groups = claims[config.groupsClaim];
  return {
    subject: `${idToken.iss}|${idToken.sub}`,
    email: typeof claims.email === "string" ? claims.email : undefined,
    // The organisation's own provider is trusted for the address unless it says the address is unverified
    // (Entra ID sends no email_verified at all); an unverified one must not take over an account (OIDC Core §5.7).
    emailVerified: claims.email_verified !== false,
    name: typeof claims.name === "string" ? claims.name : undefined,
    groups: (Array.isArray(groups) ? groups : [groups]).filter(
      (group): group is string => typeof group === "string",
    ),
  };
}

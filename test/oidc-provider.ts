import { generateKeyPairSync } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import Provider from "oidc-provider";

/** Who the provider says is signing in; `undefined` claims are left out of its answer. */
export interface TestAccount {
  sub: string;
  email?: string;
  email_verified?: boolean;
  name?: string;
  groups?: string[];
}

export interface TestOidcProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The next person to sign in at the provider; `undefined` = the person declines (access_denied). */
  signInAs(account: TestAccount | undefined): void;
  /** Follows the browser from Redress's redirect through the provider, to the URL it sends back. */
  authorize(location: string): Promise<URL>;
  close(): Promise<void>;
}

/**
 * A real OpenID Connect provider (panva's `oidc-provider`, certified) on a loopback port, for the single
 * sign-on tests. Its sign-in page is replaced by one that signs in `signInAs`'s account at once and grants
 * the requested scopes, so that the whole authorization code flow runs without a browser.
 */
export async function startOidcProvider(redirectUri: string): Promise<TestOidcProvider> {
  const clientId = "redress";
  const clientSecret = "test-client-secret-of-sufficient-length";
  const accounts = new Map<string, TestAccount>();
  let next: TestAccount | undefined;
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [redirectUri],
        grant_types: ["authorization_code"],
        response_types: ["code"],
      },
    ],
    jwks: { keys: [{ ...privateKey.export({ format: "jwk" }), alg: "RS256", use: "sig", kid: "test" }] },
    cookies: { keys: ["test-cookie-key"] },
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name", "groups"] },
    features: { devInteractions: { enabled: false } },
    ttl: { AccessToken: 600, Grant: 600, IdToken: 600, Interaction: 600, Session: 600 },
    async findAccount(_ctx, id) {
      const account = accounts.get(id);
      if (!account) return undefined;
      return { accountId: id, claims: async () => ({ ...account }) };
    },
  });
  server.on("request", (req, res) => {
    if (!req.url?.startsWith("/interaction/")) return provider.callback()(req, res);
    void finishInteraction(provider, req, res, next, accounts);
  });
  return {
    issuer,
    clientId,
    clientSecret,
    signInAs(account) {
      next = account;
    },
    authorize: (location) => followRedirects(location, redirectUri),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

type Req = Parameters<Provider["interactionDetails"]>[0];
type Res = Parameters<Provider["interactionDetails"]>[1];

async function finishInteraction(
  provider: Provider,
  req: Req,
  res: Res,
  account: TestAccount | undefined,
  accounts: Map<string, TestAccount>,
): Promise<void> {
  if (!account) {
    await provider.interactionFinished(
      req,
      res,
      { error: "access_denied" },
      { mergeWithLastSubmission: false },
    );
    return;
  }
  accounts.set(account.sub, account);
  const details = await provider.interactionDetails(req, res);
  const grant = new provider.Grant({ accountId: account.sub, clientId: String(details.params.client_id) });
  grant.addOIDCScope(String(details.params.scope));
  const grantId = await grant.save();
  await provider.interactionFinished(
    req,
    res,
    { login: { accountId: account.sub }, consent: { grantId } },
    { mergeWithLastSubmission: false },
  );
}

/** A browser's redirects with its cookies, stopping at the first URL under `until`. */
async function followRedirects(start: string, until: string): Promise<URL> {
  const cookies = new Map<string, string>();
  let url = new URL(start);
  for (let hop = 0; hop < 10; hop++) {
    if (url.href.startsWith(until)) return url;
    const response = await fetch(url, {
      redirect: "manual",
      headers: { cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join("; ") },
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const at = pair!.indexOf("=");
      cookies.set(pair!.slice(0, at), pair!.slice(at + 1));
    }
    const location = response.headers.get("location");
    if (!location)
      throw new Error(`the provider answered ${response.status} at ${url}: ${await response.text()}`);
    url = new URL(location, url);
  }
  throw new Error(`more than 10 redirects from ${start}`);
}

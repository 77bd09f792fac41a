import type { Access } from "../http/access.js";

export const authAccess = {
  signIn: { public: true },
  session: { signedIn: true },
  tokens: { signedIn: true },
} satisfies Record<string, Access>;

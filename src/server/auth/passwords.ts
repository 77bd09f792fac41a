import { hash, verify } from "@node-rs/argon2";
import type { FieldError } from "../errors.js";

// argon2id with the library's defaults (m=19 MiB, t=2, p=1: the OWASP minimum), R11.
export const hashPassword = (password: string) => hash(password);

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** Compared against when the email is unknown, so that a wrong email costs as long as a wrong password. */
let decoy: Promise<string> | undefined;
export async function burnPasswordCheck(password: string): Promise<void> {
  decoy ??= hash("redress-decoy-password");
  await verifyPassword(await decoy, password);
}

export const MIN_PASSWORD_LENGTH = 10;

/**
 * Not in the breach list below but invited by a fresh install or a product's own name; refused as well.
 * (The list itself is lower case, so these are too.)
 */
const LOCAL_COMMON = ["0123456789", "abcdefghij", "passw0rd123", "changeme123", "letmein1234", "redress123"];

let common: Promise<ReadonlySet<string>> | undefined;

/**
 * R11 / NIST SP 800-63B §5.1.1.2: the most common passwords of public breaches (zxcvbn-ts's list, about
 * 49,000 entries), loaded on the first password check rather than at start: it costs ~13 MB that an idle
 * server does not need (idle RSS is a measured target).
 */
function commonPasswords(): Promise<ReadonlySet<string>> {
  common ??= import("@zxcvbn-ts/language-common").then(
    ({ dictionary }) =>
      new Set([...dictionary["passwords-common"], ...LOCAL_COMMON].map((entry) => entry.toLowerCase())),
    (error: unknown) => {
      common = undefined; // a failed load is tried again by the next check, not remembered
      throw error;
    },
  );
  return common;
}

/** The minimum password policy: length, not a well-known password, not the email. */
export async function passwordProblems(
  password: string,
  email: string,
  field = "password",
): Promise<FieldError[]> {
  if (password.length < MIN_PASSWORD_LENGTH) {
    return [
      { field, message: `must be at least ${MIN_PASSWORD_LENGTH} characters; a short phrase is easiest` },
    ];
  }
  const lower = password.toLowerCase();
  if ((await commonPasswords()).has(lower) || /^(.)\1+$/.test(password)) {
    return [{ field, message: "is one of the most common passwords; choose another" }];
  }
  if (lower === email.toLowerCase() || lower === email.split("@")[0]?.toLowerCase()) {
    return [{ field, message: "must not be the email address" }];
  }
  return [];
}

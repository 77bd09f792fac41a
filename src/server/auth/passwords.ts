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

// The most common choices in public breach lists that meet the length rule; refused outright.
const COMMON = new Set([
  "1234567890",
  "12345678910",
  "123456789a",
  "0123456789",
  "1q2w3e4r5t",
  "qwertyuiop",
  "password123",
  "password12",
  "password1234",
  "iloveyou123",
  "qwerty123456",
  "1qaz2wsx3edc",
  "abcdefghij",
  "passw0rd123",
  "welcome123",
  "administrator",
  "changeme123",
  "letmein1234",
  "football123",
  "redress123",
]);

/** The minimum password policy: length, not a well-known password, not the email. */
export function passwordProblems(password: string, email: string, field = "password"): FieldError[] {
  if (password.length < MIN_PASSWORD_LENGTH) {
    return [
      { field, message: `must be at least ${MIN_PASSWORD_LENGTH} characters; a short phrase is easiest` },
    ];
  }
  const lower = password.toLowerCase();
  if (COMMON.has(lower) || /^(.)\1+$/.test(password)) {
    return [{ field, message: "is one of the most common passwords; choose another" }];
  }
  if (lower === email.toLowerCase() || lower === email.split("@")[0]?.toLowerCase()) {
    return [{ field, message: "must not be the email address" }];
  }
  return [];
}

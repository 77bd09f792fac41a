import { createHash, randomBytes } from "node:crypto";

/**
 * Personal values in the audit trail (R11, DESIGN.md): the event keeps only a salted digest,
 * `{"$pd": sha256(salt:value)}`; the value and its random salt live in `audit_personal` and are
 * erased together, so a kept digest cannot be guessed back and the hash chain still verifies.
 */
export interface PersonalDigest {
  $pd: string;
}

export function isPersonalDigest(value: unknown): value is PersonalDigest {
  return typeof value === "object" && value !== null && typeof (value as PersonalDigest).$pd === "string";
}

export function digestPersonal(salt: string, value: string): string {
  return createHash("sha256").update(`${salt}:${value}`, "utf8").digest("hex");
}

export function sealPersonal(value: string): { digest: PersonalDigest; stored: { s: string; v: string } } {
  const salt = randomBytes(16).toString("hex");
  return { digest: { $pd: digestPersonal(salt, value) }, stored: { s: salt, v: value } };
}

/** What a reader sees where a personal value has been erased. */
export const ERASED = "[erased]";

import { type CountryCode, parsePhoneNumberFromString } from "libphonenumber-js";

/** R1: customers are matched case-insensitively by email. */
export function normaliseEmail(email: string | null | undefined): string | null {
  const trimmed = email?.trim().toLowerCase();
  return trimmed ? trimmed : null;
}

const PHONE_CHARS = /^[0-9+()\-.\s/]+$/;

/**
 * R1: customers are matched by normalised phone: E.164 when the number parses (international, or
 * national in `region`), otherwise its digits. Returns `undefined` for something that is not a phone number.
 */
export function normalisePhone(phone: string | null | undefined, region?: string): string | null | undefined {
  const trimmed = phone?.trim();
  if (!trimmed) return null;
  const digits = trimmed.replace(/\D/g, "");
  if (!PHONE_CHARS.test(trimmed) || digits.length < 6 || digits.length > 17) return undefined;
  const international = trimmed.startsWith("00") ? `+${trimmed.slice(2)}` : trimmed;
  const parsed = parsePhoneNumberFromString(international, region as CountryCode | undefined);
  if (parsed?.isPossible()) return parsed.number;
  return international.startsWith("+") ? `+${digits.replace(/^00/, "")}` : digits;
}

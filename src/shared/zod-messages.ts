import { z } from "zod";

/**
 * Plain-English validation messages for every schema (server and web): what is wrong and what to do.
 * Installed once at start-up by `installValidationMessages()`.
 */
export function validationMessage(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case "invalid_type":
      if (issue.input === undefined) return "is required";
      if (issue.input === null) return "must not be null";
      if (typeof issue.input === "number" && Number.isNaN(issue.input)) return "must be a number";
      return `must be ${article(issue.expected)}, not ${describe(issue.input)}`;
    case "too_small":
      if (issue.origin === "string") {
        return Number(issue.minimum) <= 1
          ? "must not be empty"
          : `must be at least ${issue.minimum} characters`;
      }
      if (issue.origin === "array") return `must have at least ${issue.minimum} item(s)`;
      return `must be at least ${issue.minimum}`;
    case "too_big":
      if (issue.origin === "string") return `must be at most ${issue.maximum} characters`;
      if (issue.origin === "array") return `must have at most ${issue.maximum} item(s)`;
      return `must be at most ${issue.maximum}`;
    case "invalid_value":
      return `must be one of: ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
    case "invalid_format":
      if (issue.format === "email") return "must be an email address such as name@example.com";
      if (issue.format === "datetime") return "must be a date-time such as 2026-05-01T09:30:00Z";
      if (issue.format === "date") return "must be a date such as 2026-05-01";
      if (issue.format === "uuid") return "must be an id (a UUID)";
      return `is not a valid ${issue.format}`;
    case "unrecognized_keys":
      return `unknown field(s) ${issue.keys.join(", ")}; remove them or check the spelling`;
    default:
      return undefined;
  }
}

function article(word: string): string {
  return /^[aeiou]/.test(word) ? `an ${word}` : `a ${word}`;
}

function describe(input: unknown): string {
  if (Array.isArray(input)) return "an array";
  return article(typeof input);
}

export function installValidationMessages(): void {
  z.config({ customError: validationMessage });
}

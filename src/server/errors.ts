/**
 * The one error type. Services throw it; the one handler in http/problem.ts turns it into
 * application/problem+json. `detail` says what was wrong and what to do.
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    readonly detail: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail);
    this.name = "AppError";
  }
}

export const notFound = (what: string, hint = "check the identifier") =>
  new AppError("not_found", 404, `${what} was not found; ${hint}`);

export const forbidden = (detail: string) => new AppError("forbidden", 403, detail);

export interface FieldError {
  field: string;
  message: string;
}

export const invalid = (errors: FieldError[], detail?: string) =>
  new AppError("validation_failed", 400, detail ?? errors.map((e) => `${e.field}: ${e.message}`).join("; "), {
    errors,
  });

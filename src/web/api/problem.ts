// The server's errors are problem+json (RFC 9457) with `detail` saying what to do and, for validation,
// `errors` naming each field. These helpers turn an openapi-fetch result into data or an ApiError.
import { t } from "../strings";

export interface FieldError {
  field: string;
  message: string;
}

export interface Problem {
  status: number;
  title: string;
  detail: string;
  code: string;
  errors?: FieldError[];
}

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail);
    this.name = "ApiError";
  }
  get status(): number {
    return this.problem.status;
  }
}

function asProblem(body: unknown, response: Response): Problem {
  const b = (body && typeof body === "object" ? body : {}) as Partial<Problem>;
  return {
    status: response.status,
    title: b.title ?? response.statusText,
    detail: b.detail ?? (response.status >= 500 ? t.errors.generic : response.statusText),
    code: b.code ?? "unknown",
    ...(Array.isArray(b.errors) ? { errors: b.errors } : {}),
  };
}

interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** The data of a successful call; an ApiError (with the problem) otherwise. */
export async function data<T>(call: Promise<FetchResult<T>>): Promise<T> {
  let result: FetchResult<T>;
  try {
    result = await call;
  } catch {
    throw new ApiError({ status: 0, title: "Network error", detail: t.errors.network, code: "network" });
  }
  if (result.response.ok) return result.data as T;
  throw new ApiError(asProblem(result.error, result.response));
}

/** Field errors by field name ("customer.email"), for showing next to each input. */
export function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  const out: Record<string, string> = {};
  for (const e of error.problem.errors ?? []) out[e.field] ??= e.message;
  return out;
}

/** What to tell the user about an error in one sentence. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.problem.detail;
  return t.errors.generic;
}

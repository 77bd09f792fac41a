import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import { findStoredAnswer, IdempotentReplay, replayConflict } from "../db/transact.js";
import { AppError, type FieldError } from "../errors.js";

const TITLES: Record<number, string> = {
  400: "Bad request",
  401: "Not signed in",
  403: "Forbidden",
  404: "Not found",
  405: "Method not allowed",
  406: "Not acceptable",
  409: "Conflict",
  412: "Precondition failed",
  413: "Payload too large",
  414: "URI too long",
  415: "Unsupported media type",
  422: "Unprocessable content",
  423: "Locked",
  428: "Precondition required",
  429: "Too many requests",
  500: "Internal server error",
  503: "Service unavailable",
};

/** RFC 9457 problem+json: `type`, `title`, `status`, `detail`, `code`, and `errors` for validation. */
export function sendProblem(reply: FastifyReply, error: AppError): FastifyReply {
  const retryAfter = error.extra.retryAfterSeconds;
  if (error.status === 429 && typeof retryAfter === "number") reply.header("retry-after", String(retryAfter));
  return reply
    .code(error.status)
    .type("application/problem+json")
    .send({
      type: `urn:redress:problem:${error.code}`,
      title: TITLES[error.status] ?? "Error",
      status: error.status,
      detail: error.detail,
      code: error.code,
      requestId: reply.request.id,
      ...error.extra,
    });
}

interface ValidationIssue {
  keyword: string;
  instancePath: string;
  message?: string;
  params?: Record<string, unknown>;
}

function fieldErrors(issues: ValidationIssue[], context: string | undefined): FieldError[] {
  const prefix = context && context !== "body" ? `${context === "querystring" ? "query" : context}.` : "";
  // A query parameter's list index (status=a,b → status.1) means nothing to the caller: name the parameter.
  const segments = (path: string) =>
    path.split("/").filter((s) => s && !(context === "querystring" && /^\d+$/.test(s)));
  const name = (path: string) => prefix + segments(path).join(".");
  return issues.flatMap((issue) => {
    if (issue.keyword === "unrecognized_keys" && Array.isArray(issue.params?.keys)) {
      return (issue.params.keys as string[]).map((key) => ({
        field: name(`${issue.instancePath}/${key}`),
        message: "unknown field; remove it or check the spelling",
      }));
    }
    return [{ field: name(issue.instancePath) || context || "body", message: issue.message ?? "is invalid" }];
  });
}

/** Maps what Fastify itself throws (parsing, limits, the router) onto problems with advice. */
export function fromFastify(error: FastifyError): AppError | undefined {
  switch (error.code) {
    case "FST_ERR_BAD_URL":
      return new AppError("bad_url", 400, "the path is not valid percent-encoding; encode each segment");
    case "FST_ERR_MAX_PARAM_LENGTH":
      return new AppError(
        "uri_too_long",
        414,
        "a path segment is longer than any reference, id or link token",
      );
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return new AppError(
        "payload_too_large",
        413,
        "the request body is too large; send less than the limit",
      );
    case "FST_ERR_CTP_INVALID_JSON_BODY":
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
      return new AppError(
        "malformed_json",
        400,
        `the body is not valid JSON (${error.message}); send a JSON object`,
      );
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return new AppError(
        "unsupported_media_type",
        415,
        "this content type is not accepted; send Content-Type: application/json",
      );
    case "FST_ERR_CTP_INVALID_CONTENT_LENGTH":
      return new AppError("bad_content_length", 400, "Content-Length does not match the body");
  }
  if (error instanceof SyntaxError) {
    return new AppError(
      "malformed_json",
      400,
      `the body is not valid JSON (${error.message}); send a JSON object`,
    );
  }
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    return new AppError("bad_request", error.statusCode, error.message);
  }
  return undefined;
}

async function replay(request: FastifyRequest, reply: FastifyReply, error: IdempotentReplay) {
  const stored = await findStoredAnswer(request.server.deps.db, error.claim.principal, error.claim.key);
  if (!stored || stored.statusCode === null) {
    return sendProblem(
      reply,
      new AppError("idempotency_in_progress", 409, "a request with this key is in progress"),
    );
  }
  if (stored.requestHash !== error.claim.requestHash) return sendProblem(reply, replayConflict());
  const idempotent = request.routeOptions.config.idempotent;
  const headers =
    idempotent && "headers" in idempotent
      ? idempotent.headers?.(stored.response as Record<string, unknown>)
      : undefined;
  return reply
    .code(stored.statusCode)
    .headers({ ...headers, "idempotent-replay": "true" })
    .send(stored.response);
}

/**
 * Fastify's `frameworkErrors` option: the router's own refusals (a path that is not valid percent-encoding,
 * a segment over `maxParamLength`) answered as problem+json like everything else, not Fastify's bare JSON.
 */
export function frameworkProblem(error: FastifyError, _request: FastifyRequest, reply: FastifyReply) {
  return sendProblem(
    reply,
    fromFastify(error) ?? new AppError("bad_request", error.statusCode ?? 400, error.message),
  );
}

export function installProblemHandlers(app: FastifyInstance): void {
  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    if (error instanceof AppError) return sendProblem(reply, error);
    if (error instanceof IdempotentReplay) return replay(request, reply, error);
    if (hasZodFastifySchemaValidationErrors(error)) {
      const errors = fieldErrors(error.validation as ValidationIssue[], error.validationContext);
      return sendProblem(
        reply,
        new AppError(
          "validation_failed",
          400,
          `the request has ${errors.length} invalid field(s): ${errors.map((e) => `${e.field} ${e.message}`).join("; ")}`,
          { errors },
        ),
      );
    }
    const mapped = fromFastify(error);
    if (mapped) return sendProblem(reply, mapped);
    request.log.error({ err: error }, "unhandled error");
    return sendProblem(
      reply,
      new AppError("internal_error", 500, `something went wrong on our side; quote request id ${request.id}`),
    );
  });
  app.setNotFoundHandler((request, reply) =>
    sendProblem(
      reply,
      new AppError(
        "route_not_found",
        404,
        `no endpoint ${request.method} ${request.url.split("?")[0]}; see /api/v1/openapi.json`,
      ),
    ),
  );
}

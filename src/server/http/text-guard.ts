import type { FastifyRequest } from "fastify";
import { AppError } from "../errors.js";

/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Why PostgreSQL would refuse this text, or undefined when it can be stored. */
export function unstorable(text: string): string | undefined {
  if (text.includes("\u0000")) return "contains a NUL character (\\u0000)";
  // A lone UTF-16 surrogate ("\ud800") survives JSON.parse but not PostgreSQL's json/jsonb input.
  if (LONE_SURROGATE.test(text)) return "contains an unpaired surrogate (text that is not valid Unicode)";
  return undefined;
}

/** The first field (and why) whose text cannot be stored. Depth-limited: bodies are small JSON. */
function findUnstorable(value: unknown, path: string, depth = 0): { field: string; why: string } | undefined {
  if (typeof value === "string") {
    const why = unstorable(value);
    return why ? { field: path, why } : undefined;
  }
  if (!value || typeof value !== "object" || depth > 32) return undefined;
  for (const [key, inner] of Object.entries(value)) {
    const at = path ? `${path}.${key}` : key;
    const why = unstorable(key);
    if (why) return { field: at, why };
    const found = findUnstorable(inner, at, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/**
 * Text PostgreSQL cannot hold — NUL anywhere, unpaired surrogates in what lands in jsonb (the audit trail)
 * — failed inside the database with a 500 wherever a path segment, query value or JSON string reached SQL
 * (found by fuzzing). Refused here, once for every route, before validation: no text in Redress needs it.
 * Runs in onRequest (path and query: the owner check already takes the path to SQL) and again in
 * preValidation, when the body has been parsed.
 */
export async function refuseUnstorableText(request: FastifyRequest): Promise<void> {
  const found =
    findUnstorable(request.params, "path") ??
    findUnstorable(request.query, "query") ??
    findUnstorable(request.body, "");
  if (!found) return;
  const field = found.field || "body";
  throw new AppError("unstorable_text", 400, `${field} ${found.why}; remove it`, {
    errors: [{ field, message: `${found.why}; remove it` }],
  });
}

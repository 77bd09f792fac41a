import { isDeepStrictEqual } from "node:util";
import { serializerCompiler as checkedSerializerCompiler } from "fastify-type-provider-zod";

type RouteSchema = Parameters<typeof checkedSerializerCompiler>[0];

/** Under Vitest every response is still checked against its schema (see below). */
const CHECK_TRUSTED_RESPONSES = process.env.VITEST !== undefined;

/**
 * Response serialisation: zod's check of the response against its schema, then JSON.stringify — except for
 * the schemas in `trusted`, whose data a typed view function builds field by field (the case view), which
 * are written with JSON.stringify alone. Checking each case of a 50-case page was about a quarter of the
 * page's CPU time (bench/analysis.md). Under test those responses are checked, and must serialise exactly
 * as zod would (no field the schema does not know), so a view that drifts from its schema fails the tests.
 */
export function responseSerializerCompiler(trusted: readonly unknown[]) {
  const isTrusted = new Set(trusted);
  return (route: RouteSchema) => {
    const checked = checkedSerializerCompiler(route);
    if (!isTrusted.has(route.schema)) return checked;
    if (!CHECK_TRUSTED_RESPONSES) return (data: unknown) => JSON.stringify(data);
    return (data: unknown) => {
      const written = JSON.stringify(data);
      const expected = checked(data);
      if (!isDeepStrictEqual(JSON.parse(written), JSON.parse(expected))) {
        throw new Error(
          `${route.method} ${route.url}: the response differs from its schema's serialisation; ` +
            "make the view build exactly the schema's fields",
        );
      }
      return written;
    };
  };
}

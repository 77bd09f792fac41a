import fc from "fast-check";

/** A JSON Schema as @fastify/swagger writes it from the zod schemas (OpenAPI 3.1 = JSON Schema 2020-12). */
export type JsonSchema = Record<string, unknown> & {
  type?: string | string[];
  $ref?: string;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema | false;
  prefixItems?: JsonSchema[];
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
};

/** Long enough to cross every limit that matters, short enough that 10 000 requests stay fast. */
const MAX_GENERATED_STRING = 60;

const isoDate = fc
  .date({ min: new Date("2019-01-01T00:00:00Z"), max: new Date("2031-12-31T23:59:59Z"), noInvalidDate: true })
  .map((d) => d.toISOString());

const email = fc
  .tuple(
    fc.stringMatching(/^[a-z][a-z0-9.]{0,10}$/),
    fc.constantFrom("example.com", "example.org", "mail.test"),
  )
  .map(([local, domain]) => `${local.replace(/\.+$/, "")}x@${domain}`);

function stringArbitrary(schema: JsonSchema): fc.Arbitrary<string> {
  const min = schema.minLength ?? 0;
  const max = Math.max(min, Math.min(schema.maxLength ?? MAX_GENERATED_STRING, MAX_GENERATED_STRING));
  switch (schema.format) {
    case "date-time":
      return isoDate;
    case "date":
      return isoDate.map((s) => s.slice(0, 10));
    case "uuid":
      return fc.uuid();
    case "email":
      return email;
  }
  if (schema.pattern) {
    try {
      return fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length >= min && s.length <= max);
    } catch {
      // A pattern fast-check cannot generate from: plain strings, which the server may refuse (also useful).
    }
  }
  return fc.oneof(
    { weight: 4, arbitrary: fc.string({ minLength: Math.max(min, 1), maxLength: Math.max(max, 1) }) },
    { weight: 1, arbitrary: fc.string({ minLength: min, maxLength: max, unit: "grapheme" }) },
  );
}

function numberArbitrary(schema: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  const low =
    schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : -1_000_000);
  const high =
    schema.maximum ?? (schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - 1 : 1_000_000);
  if (integer) return fc.integer({ min: Math.ceil(low), max: Math.floor(high) });
  return fc.double({ min: low, max: high, noNaN: true, noDefaultInfinity: true });
}

/**
 * Values that satisfy a schema (as far as the keywords used by our zod schemas go). Keywords it does not
 * know make it generate anything JSON: the server must then refuse cleanly, which is what fuzzing checks.
 */
export function arbitraryFor(
  schema: JsonSchema | undefined,
  components: Record<string, JsonSchema>,
  depth = 0,
): fc.Arbitrary<unknown> {
  if (!schema || depth > 6) return fc.jsonValue({ maxDepth: 2 });
  if (schema.$ref) {
    const name = schema.$ref.replace("#/components/schemas/", "");
    return arbitraryFor(components[name], components, depth + 1);
  }
  if ("const" in schema) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const choices = schema.anyOf ?? schema.oneOf;
  if (choices) return fc.oneof(...choices.map((s) => arbitraryFor(s, components, depth + 1)));
  if (schema.allOf) {
    const merged: JsonSchema = { type: "object", properties: {}, required: [] };
    for (const part of schema.allOf) {
      Object.assign(merged.properties!, part.properties ?? {});
      merged.required!.push(...(part.required ?? []));
    }
    return arbitraryFor(merged, components, depth + 1);
  }
  if (Array.isArray(schema.type)) {
    return fc.oneof(...schema.type.map((type) => arbitraryFor({ ...schema, type }, components, depth + 1)));
  }
  switch (schema.type) {
    case "string":
      return stringArbitrary(schema);
    case "integer":
      return numberArbitrary(schema, true);
    case "number":
      return numberArbitrary(schema, false);
    case "boolean":
      return fc.boolean();
    case "null":
      return fc.constant(null);
    case "array": {
      if (schema.prefixItems) {
        return fc.tuple(...schema.prefixItems.map((s) => arbitraryFor(s, components, depth + 1)));
      }
      const items =
        schema.items === false ? fc.constant(null) : arbitraryFor(schema.items, components, depth + 1);
      const minLength = schema.minItems ?? 0;
      return fc.array(items, {
        minLength,
        maxLength: Math.max(minLength, Math.min(schema.maxItems ?? 4, 4)),
      });
    }
    case "object": {
      const properties = schema.properties ?? {};
      const model = Object.fromEntries(
        Object.entries(properties).map(([key, s]) => [key, arbitraryFor(s, components, depth + 1)]),
      );
      return fc.record(model, { requiredKeys: (schema.required ?? []).filter((k) => k in properties) });
    }
  }
  return fc.jsonValue({ maxDepth: 2 });
}

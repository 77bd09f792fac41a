import fc from "fast-check";

/** Values that have broken servers before: wrong types, edges of number ranges, injection-shaped text. */
export const HOSTILE_VALUES: unknown[] = [
  null,
  0,
  -1,
  2 ** 31,
  -(2 ** 63),
  1e308,
  0.5,
  true,
  "",
  " ",
  "x".repeat(5001),
  "\u0000",
  "\ud800",
  "' OR 1=1 --",
  "'); DROP TABLE cases; --",
  "<script>alert(1)</script>",
  "../../etc/passwd",
  "%00",
  "a\u0000b",
  "2026-02-30",
  "2026-13-01T25:61:00Z",
  "9999-12-31T23:59:59Z",
  "0000-01-01T00:00:00Z",
  "NaN",
  "Infinity",
  "00000000-0000-0000-0000-000000000000",
  "CMP-2026-000001",
  [],
  [null],
  {},
  { $pd: "x" },
  { toString: "x" },
];

export type MutationKind = "drop" | "replace" | "add-unknown" | "wrap-array" | "proto";

/** Every path to a value inside `value` (the root is []). */
function paths(value: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []) {
  out.push(prefix);
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) paths(v, [...prefix, i], out);
  } else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) paths(v, [...prefix, k], out);
  }
  return out;
}

/** An object or an array, indexed either way (JSON values only). */
type Container = Record<string | number, unknown> & unknown[];

function setAt(
  root: unknown,
  path: (string | number)[],
  change: (parent: Container, key: string | number) => void,
) {
  if (path.length === 0) return;
  let parent = root as Container;
  for (const key of path.slice(0, -1)) parent = parent[key] as Container;
  change(parent, path[path.length - 1]!);
}

/**
 * One change to a valid body at one place: a field dropped, replaced by a hostile value, an unknown
 * field added, a value wrapped in an array, or a `__proto__` key (prototype pollution through JSON).
 * Returns the JSON text, since `__proto__` cannot be written through an object literal.
 */
export function mutateJson(valid: unknown, at: number, kind: MutationKind, hostile: unknown): string {
  const copy = structuredClone(valid);
  const all = paths(copy);
  const path = all[at % all.length]!;
  if (path.length === 0) {
    if (kind === "proto" || kind === "add-unknown") {
      const base = copy && typeof copy === "object" && !Array.isArray(copy) ? JSON.stringify(copy) : "{}";
      const extra =
        kind === "proto" ? `"__proto__":{"isAdmin":true}` : `"unexpected":${JSON.stringify(hostile)}`;
      return base === "{}" ? `{${extra}}` : `${base.slice(0, -1)},${extra}}`;
    }
    return JSON.stringify(kind === "wrap-array" ? [copy] : hostile);
  }
  setAt(copy, path, (parent, key) => {
    if (kind === "drop") {
      if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else delete parent[key];
    } else if (kind === "wrap-array") parent[key] = [parent[key]];
    else if (kind === "add-unknown" && parent[key] && typeof parent[key] === "object") {
      (parent[key] as Record<string, unknown>).unexpected = hostile;
    } else parent[key] = hostile;
  });
  const text = JSON.stringify(copy);
  if (kind === "proto" && text.startsWith("{") && text.length > 2) {
    return `{"__proto__":{"isAdmin":true},"constructor":{"prototype":{"polluted":1}},${text.slice(1)}`;
  }
  return text;
}

export const mutationArbitrary = fc.record({
  at: fc.nat(),
  kind: fc.constantFrom<MutationKind>("drop", "replace", "replace", "add-unknown", "wrap-array", "proto"),
  hostile: fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_VALUES) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
    { weight: 1, arbitrary: fc.string({ maxLength: 30, unit: "grapheme" }) },
  ),
});

/** Bodies that are not what the route reads at all. */
export const rawBodyArbitrary = fc.oneof(
  fc.constant(""),
  fc.constant("{"),
  fc.constant("null"),
  fc.constant("[]"),
  fc.constant('"text"'),
  fc.constant('{"a":1}'.repeat(3)),
  fc.constant(`${"[".repeat(5000)}${"]".repeat(5000)}`),
  fc.string({ maxLength: 200, unit: "binary" }),
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
);

/** Content types a client may send by mistake or on purpose. */
export const CONTENT_TYPES = [
  "application/json",
  "application/json; charset=utf-8",
  "application/json; charset=latin1",
  "text/plain",
  "application/x-www-form-urlencoded",
  "multipart/form-data",
  "multipart/form-data; boundary=XyZ",
  "message/rfc822",
  "application/xml",
  "application/octet-stream",
  "application/problem+json",
  "Application/JSON",
  "application/jsonp",
];
